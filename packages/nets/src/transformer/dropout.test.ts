import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inTrainingMode, SeededRng } from '@udm/core';
import { Transformer, type TransformerOptions } from './transformer.js';

await tf.setBackend('cpu');
await tf.ready();

const options: TransformerOptions = {
  length: 5,
  categories: 6,
  dModel: 8,
  heads: 2,
  layers: 2,
  mlpRatio: 2,
  timeConditioning: false,
};

function net(dropout: number): Transformer {
  const n = new Transformer({ ...options, dropout }, new SeededRng(3));
  const w = n.variables.get('head.weight')!;
  w.assign(tf.tensor(Float32Array.from(new SeededRng(9).normals(w.size)), w.shape));
  return n;
}

const x = () =>
  tf.tensor2d(
    [
      [0, 1, 2, 3, 4],
      [5, 4, 3, 2, 1],
    ],
    [2, 5],
    'int32',
  );
const t = () => tf.tensor1d([0.5, 0.5]);
const values = (n: Transformer, rng?: SeededRng) =>
  tf.tidy(() =>
    Array.from((rng ? inTrainingMode(n, rng, () => n.apply(x(), t())) : n.apply(x(), t())).dataSync()),
  );

describe('Transformer dropout', () => {
  it('is off outside training mode, and dropout 0 draws no random numbers', () => {
    const plain = values(net(0));
    expect(values(net(0.5))).toEqual(plain);
    const rng = new SeededRng(1);
    const state = rng.getState();
    expect(values(net(0), rng)).toEqual(plain);
    expect(rng.getState()).toEqual(state);
  });

  it('in training mode drops branches with masks drawn from the trainer’s RNG: seeded, and different per call', () => {
    const n = net(0.5);
    const plain = values(n);
    const a = values(n, new SeededRng(1));
    const b = values(n, new SeededRng(1));
    const rng = new SeededRng(1);
    const c1 = values(n, rng);
    const c2 = values(n, rng);
    expect(a).toEqual(b);
    expect(a).not.toEqual(plain);
    expect(c1).toEqual(a);
    expect(c2).not.toEqual(c1);
    expect(values(n)).toEqual(plain); // back to evaluation mode
    const before = tf.memory().numTensors;
    values(n, new SeededRng(2));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => new Transformer({ ...options, dropout: 1 }, new SeededRng(1))).toThrow(/dropout: expected/);
  });
});
