import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUdm, type Udm } from '@udm/core';
import { toyDataModule } from '@udm/data';
import { netsModule } from '@udm/nets';
import { gaussianModule } from '../gaussian-module.js';
import type { NoisyClassifier } from './noisy-classifier.js';
import { classifierGradient } from './noisy-classifier.js';

await tf.setBackend('cpu');
await tf.ready();

const modules = [gaussianModule, toyDataModule, netsModule];
function config(over: { data?: object; posterior?: object; network?: object; steps?: number } = {}) {
  return {
    seed: 3,
    data: { kind: 'eight-gaussians', n: 2000, heldOut: 512, labelled: true, ...over.data },
    process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
    network: { kind: 'mlp', hidden: [32, 32], timeEmbedding: 8, ...over.network },
    posterior: { kind: 'noisy-classifier', classes: 8, ...over.posterior },
    train: {
      steps: over.steps ?? 200,
      batchSize: 64,
      ema: 0,
      optimizer: { kind: 'adam', learningRate: 0.01 },
      objective: { kind: 'noisy-classifier' },
    },
    sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 2 },
  };
}
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(raw: unknown): Udm {
  const u = createUdm(raw, modules);
  made.push(u);
  return u;
}

/** The fraction of held-out points at time t whose most likely class is their label. */
function accuracy(udm: Udm, t: number): number {
  const classifier = udm.posterior as NoisyClassifier;
  const held = udm.data.heldOut;
  return tf.tidy(() => {
    const batch = held.gather(Int32Array.from({ length: held.size }, (_, i) => i));
    const [x0, labels] = [batch.x0, batch.labels!];
    const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', 11);
    const xt = udm.process.forward(x0, eps, t) as tf.Tensor;
    const predicted = tf.argMax(classifier.logits(xt, t), 1);
    return tf.mean(tf.cast(tf.equal(predicted, tf.cast(labels, 'int32')), 'float32')).dataSync()[0]!;
  });
}

describe('posterior / train.objective "noisy-classifier"', () => {
  it('learns p(y | x_t, t): held-out accuracy at small t far above chance (1/8), lower at large t', async () => {
    const udm = make(config());
    const before = accuracy(udm, 0.05);
    const summary = await udm.train();
    expect(Number.isFinite(summary.lastLoss)).toBe(true);
    const small = accuracy(udm, 0.05);
    expect(small).toBeGreaterThan(0.9);
    expect(small).toBeGreaterThan(before + 0.3);
    // near t = 1 x_t is almost pure noise: no classifier can do much better than chance there
    expect(accuracy(udm, 0.995)).toBeLessThan(0.5);
  }, 120_000);

  it('the gradient ∇_x log p_φ(y | x_t, t) matches central differences and leaks no tensors', () => {
    const udm = make(config());
    const classifier = udm.posterior as NoisyClassifier;
    const grad = classifierGradient(classifier);
    const x = tf.tensor2d([
      [0.3, -1.2],
      [1.5, 0.4],
    ]);
    const labels = tf.tensor1d([2, 5], 'int32');
    const t = 0.3;
    const before = tf.memory().numTensors;
    const g = grad(x, t, { labels });
    const analytic = g.arraySync() as number[][];
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const logp = (pts: number[][]) =>
      tf.tidy(() => {
        const lp = tf.logSoftmax(classifier.logits(tf.tensor2d(pts), t)).arraySync() as number[][];
        return lp.map((row, i) => row[[2, 5][i]!]!);
      });
    const h = 1e-2;
    const pts = x.arraySync() as number[][];
    for (let i = 0; i < 2; i++)
      for (let d = 0; d < 2; d++) {
        const up = pts.map((r) => [...r]);
        const down = pts.map((r) => [...r]);
        up[i]![d]! += h;
        down[i]![d]! -= h;
        const fd = (logp(up)[i]! - logp(down)[i]!) / (2 * h);
        expect(analytic[i]![d]!).toBeCloseTo(fd, 2);
      }
    x.dispose();
    labels.dispose();
    expect(() => grad(tf.zeros([1, 2]), t)).toThrow(/cond\.labels/);
  });

  it('names the field: unlabelled data, classes that do not match, a network that reads the label', () => {
    expect(() => make(config({ data: { labelled: false } }))).toThrow(
      /posterior\.kind: "noisy-classifier" needs labelled data/,
    );
    expect(() => make(config({ posterior: { classes: 5 } }))).toThrow(/posterior\.classes: expected 8/);
    expect(() => make(config({ posterior: { classes: 1 } }))).toThrow(/posterior\.classes/);
    expect(() => make(config({ network: { labelEmbedding: 4 } }))).toThrow(/label embedding/);
  });
});
