import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ema } from './ema.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function vars(entries: Record<string, number[]>): Map<string, tf.Variable> {
  return new Map(Object.entries(entries).map(([k, v]) => [k, tf.tidy(() => tf.variable(tf.tensor1d(v)))]));
}

function read(m: ReadonlyMap<string, tf.Tensor>): Record<string, number[]> {
  return Object.fromEntries([...m].map(([k, v]) => [k, Array.from(v.dataSync())]));
}

function disposeAll(m: ReadonlyMap<string, tf.Tensor>): void {
  for (const v of m.values()) v.dispose();
}

describe('Ema', () => {
  it('starts from a copy of the weights (not an alias)', () => {
    const v = vars({ a: [1, 2], b: [3] });
    const ema = new Ema(v, 0.99);
    expect(read(ema.shadow)).toEqual({ a: [1, 2], b: [3] });
    v.get('a')!.assign(tf.tensor1d([10, 20]));
    expect(read(ema.shadow)).toEqual({ a: [1, 2], b: [3] });
    expect(ema.count).toBe(0);
    ema.dispose();
    disposeAll(v);
  });

  it('warm-up: d_k = min(decay, (1 + k)/(10 + k)) and θ̄ ← d·θ̄ + (1 − d)·θ', () => {
    const v = vars({ a: [0] });
    const decay = 0.5;
    const ema = new Ema(v, decay);
    let expected = 0;
    const thetas = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    thetas.forEach((theta, k) => {
      const d = Math.min(decay, (1 + k) / (10 + k));
      expect(ema.currentDecay()).toBeCloseTo(d, 15);
      v.get('a')!.assign(tf.tensor1d([theta]));
      ema.update(v);
      expected = d * expected + (1 - d) * theta;
      expect(ema.shadow.get('a')!.dataSync()[0]).toBeCloseTo(expected, 5);
      expect(ema.count).toBe(k + 1);
    });
    // (1 + k)/(10 + k) reaches 0.5 at k = 8; from then on the decay is capped.
    expect(ema.currentDecay()).toBe(0.5);
    ema.dispose();
    disposeAll(v);
  });

  it('the first warm-up decay is 0.1 for a large decay', () => {
    const ema = new Ema(vars({ a: [0] }), 0.9999);
    expect(ema.currentDecay()).toBeCloseTo(0.1, 15);
    ema.count = 90; // (1 + 90)/(10 + 90) = 0.91
    expect(ema.currentDecay()).toBeCloseTo(0.91, 15);
    ema.dispose();
  });

  it('without warm-up uses the decay from the start', () => {
    const v = vars({ a: [2] });
    const ema = new Ema(v, 0.9, false);
    expect(ema.currentDecay()).toBe(0.9);
    v.get('a')!.assign(tf.tensor1d([12]));
    ema.update(v);
    expect(ema.shadow.get('a')!.dataSync()[0]).toBeCloseTo(0.9 * 2 + 0.1 * 12, 5);
    ema.dispose();
    disposeAll(v);
  });

  it('copyTo writes the averages into the variables', () => {
    const v = vars({ a: [1, 1], b: [5] });
    const ema = new Ema(v, 0.9, false);
    v.get('a')!.assign(tf.tensor1d([11, 21]));
    v.get('b')!.assign(tf.tensor1d([15]));
    ema.update(v);
    const target = vars({ a: [0, 0], b: [0] });
    ema.copyTo(target);
    const got = read(target);
    expect(got['a']![0]).toBeCloseTo(0.9 * 1 + 0.1 * 11, 5);
    expect(got['a']![1]).toBeCloseTo(0.9 * 1 + 0.1 * 21, 5);
    expect(got['b']![0]).toBeCloseTo(0.9 * 5 + 0.1 * 15, 5);
    // The copy is a value copy: updating the EMA afterwards does not change the target.
    ema.update(v);
    expect(read(target)).toEqual(got);
    ema.dispose();
    disposeAll(v);
    disposeAll(target);
  });

  it('copyTo / update fail clearly for a variable it has no shadow for', () => {
    const ema = new Ema(vars({ a: [1] }), 0.9);
    const other = vars({ z: [1] });
    expect(() => ema.copyTo(other)).toThrow('ema: no shadow for variable "z"');
    expect(() => ema.update(other)).toThrow('ema: no shadow for variable "z"');
    ema.dispose();
    disposeAll(other);
  });

  it.each([1, -0.1, 1.5, NaN])('rejects decay %s', (d) => {
    expect(() => new Ema(new Map(), d)).toThrow(/ema decay: expected a number in \[0, 1\)/);
  });

  it('does not leak tensors: construct + updates + dispose returns to the baseline', () => {
    const v = vars({ a: [1, 2, 3], b: [4] });
    const before = tf.memory().numTensors;
    const ema = new Ema(v, 0.99);
    for (let i = 0; i < 20; i++) ema.update(v);
    expect(tf.memory().numTensors).toBe(before + 2);
    ema.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(v);
  });

  it('two EMAs over variables with the same names can coexist', () => {
    const v1 = vars({ w: [1] });
    const v2 = vars({ w: [2] });
    const e1 = new Ema(v1, 0.9);
    const e2 = new Ema(v2, 0.9);
    expect(read(e1.shadow)).toEqual({ w: [1] });
    expect(read(e2.shadow)).toEqual({ w: [2] });
    e1.dispose();
    e2.dispose();
    disposeAll(v1);
    disposeAll(v2);
  });
});
