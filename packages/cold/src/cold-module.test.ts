import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, createUdm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { coldModule } from './cold-module.js';
import { ColdPosterior } from './posterior/cold-posterior.js';
import { ColdProcess } from './process/cold-process.js';
import { ImprovedColdStep } from './steps/improved-cold-step.js';
import { CumulativeBlur } from './degradations/cumulative-blur.js';
import { Pixelate } from './degradations/pixelate.js';

await tf.setBackend('cpu');
await tf.ready();

/** Test-only parts: 40 + 10 random 8×8 images (data kind `tiny`) and an affine network (kind `affine`). */
const testModule = tinyTestModule({ itemShape: [8, 8, 1], train: 40, heldOut: 10, seed: 1 });

const base = {
  data: { kind: 'tiny' },
  process: {
    kind: 'cold',
    degradation: { kind: 'gaussian-blur', T: 5, kernelSize: 3 },
    prior: { components: 2 },
  },
  network: { kind: 'affine' },
  posterior: { kind: 'cold-x0' },
  train: { steps: 3, batchSize: 4, optimizer: { kind: 'sgd', learningRate: 0.01 }, ema: 0 },
  sample: { step: { kind: 'cold-improved' }, grid: { kind: 'trailing' }, steps: 5, count: 6 },
};

describe('coldModule in the composition root', () => {
  it('builds the process, posterior and both steps from config, trains and samples', async () => {
    const udm = createUdm(base, [coldModule, testModule]);
    expect(udm.process).toBeInstanceOf(ColdProcess);
    expect((udm.process as ColdProcess).degradation).toBeInstanceOf(CumulativeBlur);
    expect(udm.posterior).toBeInstanceOf(ColdPosterior);
    expect(udm.step).toBeInstanceOf(ImprovedColdStep);
    const summary = await udm.train();
    expect(summary.step).toBe(3);
    expect(Number.isFinite(summary.lastLoss)).toBe(true);
    for (const step of [undefined, { kind: 'fresh-noise' }]) {
      const { x0 } = udm.sample(step ? { step } : {});
      expect(x0.shape).toEqual([6, 8, 8, 1]);
      expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
      x0.dispose();
    }
    udm.dispose();
  });

  it('resolves defaults: the paper’s MNIST blur (T = 20, kernel 11, σ = 7, reflect) and the L2 loss', () => {
    const udm = createUdm({ ...base, process: { kind: 'cold' } }, [coldModule, testModule]);
    expect(udm.config.process).toEqual({
      kind: 'cold',
      degradation: {
        kind: 'gaussian-blur',
        T: 20,
        kernelSize: 11,
        std: { kind: 'constant', value: 7 },
        padding: 'reflect',
      },
      prior: { components: 1, noise: 0.002, fitSize: 4096, jitter: 1e-4, seed: 0 },
    });
    expect(udm.config.posterior).toEqual({ kind: 'cold-x0', loss: 'l2' });
    udm.dispose();
  });

  it('pixelation plugs in through the same process', () => {
    const udm = createUdm(
      {
        ...base,
        process: { kind: 'cold', degradation: { kind: 'pixelate', blockSizes: [2, 4, 8] } },
        sample: { ...base.sample, steps: 3 },
      },
      [coldModule, testModule],
    );
    expect((udm.process as ColdProcess).degradation).toBeInstanceOf(Pixelate);
    expect(udm.process.time.tMax).toBe(2);
    udm.dispose();
    // without block sizes: every size > 1 dividing the 8×8 image, i.e. 2, 4, 8
    const byDefault = createUdm(
      { ...base, process: { kind: 'cold', degradation: { kind: 'pixelate' } }, sample: { ...base.sample, steps: 3 } },
      [coldModule, testModule],
    );
    expect(((byDefault.process as ColdProcess).degradation as Pixelate).blockSizes).toEqual([2, 4, 8]);
    byDefault.dispose();
  });

  it('reports config errors by path', () => {
    const make = (patch: object) => () => createUdm({ ...base, ...patch }, [coldModule, testModule]);
    expect(
      make({ process: { kind: 'cold', degradation: { kind: 'gaussian-blur', kernelSize: 4 } } }),
    ).toThrow(/process.degradation.kernelSize: expected an odd positive integer, got 4/);
    expect(
      make({ process: { kind: 'cold', degradation: { kind: 'gaussian-blur', padding: 'zero' } } }),
    ).toThrow(/process.degradation.padding: expected one of "reflect", "edge", "circular", got "zero"/);
    expect(make({ process: { kind: 'cold', degradation: { kind: 'pixelate', blockSizes: [3] } } })).toThrow(
      /blockSizes\[0\]: 3 does not divide the image size 8×8/,
    );
    expect(make({ posterior: { kind: 'cold-x0', loss: 'l3' } })).toThrow(/posterior.loss/);
    expect(
      make({
        process: { kind: 'cold', degradation: { kind: 'gaussian-blur', std: { kind: 'linear', start: -1 } } },
      }),
    ).toThrow(/process.degradation.std.start/);
    expect(make({})).not.toThrow(ConfigError);
  });
});
