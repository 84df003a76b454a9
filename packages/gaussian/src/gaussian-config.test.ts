import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { gaussianModule } from './gaussian-module.js';

await tf.setBackend('cpu');
await tf.ready();

/** Labelled 2-D points (data kind `tiny`) and an affine network (kind `affine`). */
const testModule = tinyTestModule({ classes: 2 });

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
        data: { kind: 'tiny' },
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
          data: { kind: 'tiny' },
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

describe('samplers from a config (sample.sampler)', () => {
  const build = (sample: Record<string, unknown>, process: unknown = { kind: 'vp', T: 100 }) =>
    createUdm(
      {
        seed: 1,
        data: { kind: 'tiny' },
        process,
        network: { kind: 'affine' },
        posterior: { kind: 'epsilon' },
        train: { ema: 0 },
        sample: {
          step: { kind: 'ddim', eta: 0 },
          grid: { kind: 'trailing' },
          steps: 10,
          count: 12,
          ...sample,
        },
      },
      [gaussianModule, testModule],
    );

  it.each([
    'ancestral',
    'euler',
    'heun',
    'dpmpp-2m',
    'sde',
    'euler-maruyama',
    'euler-ancestral',
    'dpmpp-2m-sde',
    'edm',
    'pc-langevin',
  ])('"%s" produces finite samples without leaking', (kind) => {
    const udm = build({ sampler: { kind } });
    expect(udm.config.sample.sampler).toMatchObject({ kind });
    udm.sample({ count: 2 }).x0.dispose();
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const { x0, intermediates } = udm.sample({ onStep: (p) => seen.push(p.index), keep: new Set([3]) });
    expect(x0.shape).toEqual([12, 2]);
    expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
    expect(seen).toEqual([...Array(10).keys()]);
    expect(intermediates.map((i) => i.index)).toEqual([3]);
    tf.dispose([x0, ...intermediates.map((i) => i.x)]);
    expect(tf.memory().numTensors).toBe(before);
    udm.dispose();
  });

  it('"euler" is DDIM η = 0 (seed 004): the same samples as the ancestral sampler with that step', () => {
    const udm = build({});
    const a = udm.sample().x0;
    const b = udm.sample({ sampler: { kind: 'euler' } }).x0;
    const c = udm.sample({ sampler: { kind: 'heun' } }).x0;
    const [va, vb, vc] = [a.dataSync(), b.dataSync(), c.dataSync()];
    expect(Math.max(...Array.from(va, (v, i) => Math.abs(v - vb[i]!)))).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(va, (v, i) => Math.abs(v - vc[i]!)))).toBeGreaterThan(1e-4);
    tf.dispose([a, b, c]);
    udm.dispose();
  });

  it('the stochastic samplers take their settings from the config, with named errors', () => {
    const udm = build({ sampler: { kind: 'edm', sChurn: 10 } });
    expect(udm.config.sample.sampler).toEqual({
      kind: 'edm',
      sChurn: 10,
      sTmin: 0.05,
      sTmax: 50,
      sNoise: 1.003,
    });
    udm.dispose();
    expect(() => build({ sampler: { kind: 'sde', eta: -1 } })).toThrow(
      /sample\.sampler\.eta: expected a number in \[0, ∞\)/,
    );
    expect(() => build({ sampler: { kind: 'pc-langevin', snr: 0 } })).toThrow(/sample\.sampler\.snr/);
  });

  it('an unknown sampler is a config error listing the known kinds', () => {
    expect(() => build({ sampler: { kind: 'rk4' } })).toThrow(
      /sample\.sampler\.kind: expected one of "ancestral", "dpmpp-2m", "dpmpp-2m-sde", "edm", "euler", "euler-ancestral", "euler-maruyama", "heun", "pc-langevin", "sde", got "rk4"/,
    );
  });
});

describe('learned-range posterior from a config', () => {
  it('names the expected network output when the network ignores NetworkDeps.outputShape', async () => {
    const udm = createUdm(
      {
        data: { kind: 'tiny' },
        process: { kind: 'vp', T: 10 },
        network: { kind: 'affine' },
        posterior: { kind: 'learned-range' },
        train: { steps: 1, batchSize: 16, ema: 0 },
        sample: { step: { kind: 'ddpm', variance: 'learned_range' }, steps: 10 },
      },
      [gaussianModule, testModule],
    );
    await expect(udm.train()).rejects.toThrow(
      /learned variance: expected the network output of shape \[16, 4\] \(axis 1 = 2·2.*got \[16, 2\]/,
    );
    udm.dispose();
  });
});
