import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  contribution,
  createUdm,
  literal,
  required,
  SeededRng,
  struct,
  TOKENS,
  type Network,
} from '@udm/core';
import { gaussianModule } from './gaussian-module.js';

await tf.setBackend('cpu');
await tf.ready();

/** A tiny test plugin: labelled 2-D points and an affine network out = a ⊙ x + b(t). */
const testModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(
    contribution({
      kind: 'points',
      description: 'points',
      codec: struct('points data', { kind: required(literal('points')) }),
      create: () => {
        const rng = new SeededRng(0);
        const x = Float32Array.from(rng.normals(400), (v) => 0.5 * v);
        const labels = Int32Array.from({ length: 200 }, (_, i) => i % 2);
        return { train: new ArrayDataset(x, [2], labels, 2), heldOut: new ArrayDataset(x, [2], labels, 2) };
      },
    }),
  );
  bind(TOKENS.Network).toConstantValue(
    contribution({
      kind: 'affine',
      description: 'affine',
      codec: struct('affine network', { kind: required(literal('affine')) }),
      create: (): Network => {
        const a = tf.variable(tf.ones([1, 2]));
        const b = tf.variable(tf.zeros([1, 2]));
        return {
          variables: new Map([
            ['a', a],
            ['b', b],
          ]),
          apply: (x, t) => tf.add(tf.mul(x, a), tf.mul(b, tf.reshape(tf.div(t, 1000), [-1, 1]))),
        };
      },
    }),
  );
});

describe('every Gaussian kind composes from a config', () => {
  it.each([
    [
      'vp + epsilon + ddpm fixed_large',
      { kind: 'vp', T: 100 },
      { kind: 'epsilon' },
      { kind: 'ddpm', variance: 'fixed_large', clipSample: true },
      { kind: 'leading' },
    ],
    [
      'vp cosine + v + ddim thresholding',
      { kind: 'vp', T: 100, schedule: { kind: 'squaredcos_cap_v2' } },
      { kind: 'v' },
      { kind: 'ddim', eta: 0.3, thresholding: true },
      { kind: 'trailing' },
    ],
    [
      'vp zero-SNR + sample + ddim',
      { kind: 'vp', T: 100, rescaleZeroTerminalSnr: true },
      { kind: 'sample' },
      { kind: 'ddim' },
      { kind: 'linspace' },
    ],
    [
      'vp-continuous + score + ddpm, karras',
      { kind: 'vp-continuous' },
      { kind: 'score' },
      { kind: 'ddpm' },
      { kind: 'karras' },
    ],
    [
      've + epsilon (label dropout) + ddim, karras',
      { kind: 've', sigmaMax: 10 },
      { kind: 'epsilon', labelDropout: 0.1 },
      { kind: 'ddim' },
      { kind: 'karras' },
    ],
    [
      'rectified-flow + flow + ddim',
      { kind: 'rectified-flow' },
      { kind: 'flow' },
      { kind: 'ddim', eta: 0.5 },
      { kind: 'linspace' },
    ],
  ])('%s: trains a few steps and samples', async (_name, process, posterior, step, grid) => {
    const udm = createUdm(
      {
        seed: 1,
        data: { kind: 'points' },
        process,
        network: { kind: 'affine' },
        posterior,
        train: { steps: 5, batchSize: 16, ema: 0 },
        sample: { step, grid, steps: 8, count: 10 },
      },
      [gaussianModule, testModule],
    );
    const summary = await udm.train();
    expect(Number.isFinite(summary.lastLoss)).toBe(true);
    const { x0 } = udm.sample();
    expect(x0.shape).toEqual([10, 2]);
    expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
    x0.dispose();
    udm.dispose();
  });

  it('config errors name the path', () => {
    expect(() =>
      createUdm(
        {
          data: { kind: 'points' },
          process: { kind: 'vp', T: 10 },
          network: { kind: 'affine' },
          posterior: { kind: 'learned-range', vlbWeight: -1 },
          sample: { step: { kind: 'ddim' } },
        },
        [gaussianModule, testModule],
      ),
    ).toThrow(/posterior\.vlbWeight: expected a number in \[0, ∞\), got -1/);
  });
});
