import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { ArrayDataset } from './array-dataset.js';
import { randomBatch } from './random-batches.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('ArrayDataset', () => {
  const values = Float32Array.from([0, 1, 10, 11, 20, 21]);

  it('gathers rows (and labels) by index', () => {
    const d = new ArrayDataset(values, [2], Int32Array.from([7, 8, 9]), 10);
    expect(d.size).toBe(3);
    expect(d.classes).toBe(10);
    const batch = d.gather(Int32Array.from([2, 0, 2]));
    expect(batch.x0.shape).toEqual([3, 2]);
    expect(batch.x0.arraySync()).toEqual([
      [20, 21],
      [0, 1],
      [20, 21],
    ]);
    expect(batch.labels!.dtype).toBe('int32');
    expect(Array.from(batch.labels!.dataSync())).toEqual([9, 7, 9]);
    tf.dispose([batch.x0, batch.labels!]);
  });

  it('supports multi-dimensional items', () => {
    const d = new ArrayDataset(
      Float32Array.from({ length: 12 }, (_, i) => i),
      [2, 3],
    );
    expect(d.size).toBe(2);
    const b = d.gather(Int32Array.from([1]));
    expect(b.x0.shape).toEqual([1, 2, 3]);
    expect(Array.from(b.x0.dataSync())).toEqual([6, 7, 8, 9, 10, 11]);
    expect(b.labels).toBeUndefined();
    b.x0.dispose();
  });

  it('toArray returns a copy', () => {
    const d = new ArrayDataset(values, [2]);
    const a = d.toArray();
    a[0] = 99;
    expect(d.toArray()[0]).toBe(0);
  });

  it('rejects bad inputs clearly', () => {
    expect(() => new ArrayDataset(Float32Array.from([1, 2, 3]), [2])).toThrow(
      /3 values do not split into examples of shape \[2\]/,
    );
    expect(() => new ArrayDataset(new Float32Array(0), [2])).toThrow(/expected at least one example/);
    expect(() => new ArrayDataset(Float32Array.from([1, NaN]), [2])).toThrow(/value 1 is not finite/);
    expect(() => new ArrayDataset(values, [2], Int32Array.from([1]))).toThrow(/expected 3 labels, got 1/);
    expect(() => new ArrayDataset(values, [2]).gather(Int32Array.from([3]))).toThrow(
      /index 3 out of range \[0, 3\)/,
    );
  });
});

describe('randomBatch', () => {
  it('draws indices uniformly with replacement from the rng, reproducibly', () => {
    const n = 5;
    const d = new ArrayDataset(
      Float32Array.from({ length: n }, (_, i) => i),
      [1],
    );
    const b1 = randomBatch(d, 20_000, new SeededRng(1));
    const b2 = randomBatch(d, 20_000, new SeededRng(1));
    const v = Array.from(b1.x0.dataSync());
    expect(v).toEqual(Array.from(b2.x0.dataSync()));
    const counts = new Array<number>(n).fill(0);
    for (const x of v) counts[x]!++;
    const e = 20_000 / n;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(18.47); // χ²(4) 99.9% quantile
    tf.dispose([b1.x0, b2.x0]);
  });
});
