import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { Mlp } from './mlp.js';
import { sinusoidalEmbedding } from '../layers/sinusoidal-embedding.js';

await tf.setBackend('cpu');
await tf.ready();

describe('Mlp', () => {
  it('maps a batch to the input shape and names its weights', () => {
    const net = new Mlp({ itemShape: [2], hidden: [16, 16], timeEmbedding: 8 }, new SeededRng(1));
    expect([...net.variables.keys()]).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
      'layers.2.weight',
      'layers.2.bias',
    ]);
    expect(net.variables.get('layers.0.weight')!.shape).toEqual([2 + 8, 16]);
    const y = tf.tidy(() => net.apply(tf.ones([5, 2]), tf.tensor1d([0, 1, 2, 3, 4])));
    expect(y.shape).toEqual([5, 2]);
    y.dispose();
    tf.dispose([...net.variables.values()]);
  });

  it('initialises identically from the same seed and differently from another', () => {
    const a = new Mlp({ itemShape: [3], hidden: [8], timeEmbedding: 4 }, new SeededRng(7));
    const b = new Mlp({ itemShape: [3], hidden: [8], timeEmbedding: 4 }, new SeededRng(7));
    const c = new Mlp({ itemShape: [3], hidden: [8], timeEmbedding: 4 }, new SeededRng(8));
    const w = (m: Mlp) => Array.from(m.variables.get('layers.0.weight')!.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    // Glorot-uniform bound √(6 / (fanIn + fanOut))
    const limit = Math.sqrt(6 / (3 + 4 + 8));
    expect(Math.max(...w(a).map(Math.abs))).toBeLessThanOrEqual(limit);
    for (const m of [a, b, c]) tf.dispose([...m.variables.values()]);
  });

  it('depends on t and does not leak tensors', () => {
    const net = new Mlp({ itemShape: [2], hidden: [8], timeEmbedding: 8 }, new SeededRng(2));
    const x = tf.ones([1, 2]);
    const before = tf.memory().numTensors;
    const y0 = net.apply(x, tf.tensor1d([0]) as tf.Tensor1D);
    const y1 = net.apply(x, tf.tensor1d([500]) as tf.Tensor1D);
    expect(Array.from(y0.dataSync())).not.toEqual(Array.from(y1.dataSync()));
    tf.dispose([y0, y1]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2); // the two t inputs above
    x.dispose();
  });

  it('rejects an odd time-embedding size', () => {
    expect(() => new Mlp({ itemShape: [2], hidden: [8], timeEmbedding: 7 }, new SeededRng(0))).toThrow(
      /timeEmbedding/,
    );
  });
});

describe('sinusoidalEmbedding', () => {
  it('is [sin(t f_i), cos(t f_i)] with f_i = 10000^(−i/h)', () => {
    const e = sinusoidalEmbedding(tf.tensor1d([3]), 4).dataSync();
    const f = [1, Math.pow(10000, -1 / 2)];
    expect(e[0]).toBeCloseTo(Math.sin(3 * f[0]!), 5);
    expect(e[1]).toBeCloseTo(Math.sin(3 * f[1]!), 5);
    expect(e[2]).toBeCloseTo(Math.cos(3 * f[0]!), 5);
    expect(e[3]).toBeCloseTo(Math.cos(3 * f[1]!), 5);
  });
});

describe('Mlp with label conditioning', () => {
  const make = () =>
    new Mlp(
      { itemShape: [2], hidden: [8], timeEmbedding: 4, labels: { classes: 3, embedding: 5 } },
      new SeededRng(3),
    );

  it('adds a (classes + 1)-row embedding and widens the first layer', () => {
    const net = make();
    expect(net.variables.get('labels.embedding')!.shape).toEqual([4, 5]);
    expect(net.variables.get('layers.0.weight')!.shape).toEqual([2 + 4 + 5, 8]);
    tf.dispose([...net.variables.values()]);
  });

  it('depends on the label; −1 and a missing label are the same null class', () => {
    const net = make();
    const x = tf.ones([3, 2]);
    const t = tf.tensor1d([5, 5, 5]);
    const out = (labels?: number[]) =>
      Array.from(net.apply(x, t, labels ? { labels: tf.tensor1d(labels, 'int32') } : undefined).dataSync());
    const [a, nul, none] = [out([0, 1, 2]), out([-1, -1, -1]), out()];
    expect(a.slice(0, 2)).not.toEqual(a.slice(2, 4));
    expect(nul).toEqual(none);
    expect(nul.slice(0, 2)).not.toEqual(a.slice(0, 2));
    tf.dispose([x, t, ...net.variables.values()]);
  });

  it('without labels it is the unconditional MLP (same weights from the same seed)', () => {
    const plain = new Mlp({ itemShape: [2], hidden: [8], timeEmbedding: 4 }, new SeededRng(3));
    expect([...plain.variables.keys()]).not.toContain('labels.embedding');
    const y = plain.apply(tf.ones([1, 2]), tf.tensor1d([1]), { labels: tf.tensor1d([2], 'int32') });
    const z = plain.apply(tf.ones([1, 2]), tf.tensor1d([1]));
    expect(Array.from(y.dataSync())).toEqual(Array.from(z.dataSync()));
    tf.dispose([y, z, ...plain.variables.values()]);
  });
});
