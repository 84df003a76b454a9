import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from './seeded-rng.js';
import { permutation, randomNormal, randomUniform } from './tensors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('permutation', () => {
  it.each([0, 1, 2, 10, 1000])('is a permutation of 0..%d−1', (n) => {
    const p = permutation(new SeededRng(n), n);
    expect(p).toBeInstanceOf(Int32Array);
    expect(p.length).toBe(n);
    const sorted = Array.from(p).sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('is reproducible for a seed and changes with the seed', () => {
    expect(Array.from(permutation(new SeededRng(1), 50))).toEqual(
      Array.from(permutation(new SeededRng(1), 50)),
    );
    expect(Array.from(permutation(new SeededRng(1), 50))).not.toEqual(
      Array.from(permutation(new SeededRng(2), 50)),
    );
  });

  it('draws the 6 permutations of 3 items about equally often', () => {
    const r = new SeededRng(3);
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const key = Array.from(permutation(r, 3)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const e = draws / 6;
    const chi2 = [...counts.values()].reduce((a, c) => a + (c - e) ** 2 / e, 0);
    // χ² with 5 degrees of freedom: the 99.9% quantile is 20.52.
    expect(chi2).toBeLessThan(20.52);
  });
});

describe('randomNormal / randomUniform', () => {
  it('builds a float32 tensor of the requested shape from the rng’s normals', () => {
    const x = randomNormal(new SeededRng(7), [2, 3, 4]);
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x.dtype).toBe('float32');
    const expected = Float32Array.from(new SeededRng(7).normals(24));
    expect(Array.from(x.dataSync())).toEqual(Array.from(expected));
    x.dispose();
  });

  it('handles scalars and empty shapes', () => {
    const s = randomNormal(new SeededRng(1), []);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    const e = randomNormal(new SeededRng(1), [0, 3]);
    expect(e.shape).toEqual([0, 3]);
    expect(e.size).toBe(0);
    tf.dispose([s, e]);
  });

  it('randomUniform gives values in [0, 1) from the rng’s uniforms', () => {
    const u = randomUniform(new SeededRng(8), [100, 2]);
    expect(u.shape).toEqual([100, 2]);
    const v = u.dataSync();
    expect(Array.from(v)).toEqual(Array.from(Float32Array.from(new SeededRng(8).uniforms(200))));
    for (const x of v) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1); // float32 rounding may reach 1 from just below it
    }
    u.dispose();
  });
});
