import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { contribution, createUdm, definePlugin, literal, required, struct } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { GAUSSIAN_CHOICES } from './choice-points.js';
import { gaussianModule } from './gaussian-module.js';
import { epsilonParameterization } from './parameterization/epsilon.js';
import type { Parameterization } from './parameterization/parameterization.js';
import type { VpProcess } from './process/vp-process.js';
import { alphasCumprod, type BetaSchedule } from './schedules/beta-schedule.js';
import { eulerSolver } from './ode/euler.js';
import { odeSolverContribution } from './ode/solver-contributions.js';
import { parameterizationContribution } from './parameterization/parameterization-registry.js';
import type { OdeSolver } from './ode/ode-solver.js';
import type { LossWeighting } from './objective/loss-weighting.js';
import type { TimeDistribution } from './objective/time-distribution.js';

await tf.setBackend('cpu');
await tf.ready();

const testModule = tinyTestModule({ classes: 2 });

/** β constant at `beta`: ᾱ_t = (1 − β)^(t+1). */
const constantBeta = contribution({
  kind: 'constant-beta',
  description: 'β constant',
  codec: struct('constant-beta schedule', { kind: required(literal('constant-beta')) }),
  create: (): BetaSchedule => ({ betas: (T) => new Float64Array(T).fill(0.05) }),
});

const config = (process: object, extra: object = {}) => ({
  seed: 0,
  data: { kind: 'tiny' },
  process,
  network: { kind: 'affine' },
  posterior: { kind: 'epsilon' },
  train: { steps: 1, batchSize: 4 },
  sample: { step: { kind: 'ddim' }, steps: 3, count: 4 },
  ...extra,
});

describe('GAUSSIAN_CHOICES: second-level choices a plugin adds without editing @udm/gaussian', () => {
  it('a β schedule bound from another module is a valid process.schedule of vp', () => {
    const plugin = definePlugin(({ contribute }) =>
      contribute(GAUSSIAN_CHOICES.BetaSchedule.token, constantBeta),
    );
    const udm = createUdm(config({ kind: 'vp', T: 10, schedule: { kind: 'constant-beta' } }), [
      gaussianModule,
      testModule,
      plugin,
    ]);
    const vp = udm.process as VpProcess;
    const expected = alphasCumprod(new Float64Array(10).fill(0.05));
    for (let t = 0; t < 10; t++) expect(vp.alphaBar(t)).toBeCloseTo(expected[t]!, 15);
    udm.dispose();
    // Without the plugin the kind is unknown and the error lists the kinds that are bound.
    expect(() =>
      createUdm(config({ kind: 'vp', T: 10, schedule: { kind: 'constant-beta' } }), [
        gaussianModule,
        testModule,
      ]),
    ).toThrow(/process\.schedule\.kind: expected one of .*"linear".*, got "constant-beta"/);
  });

  it('a parameterization bound from another module becomes a posterior kind', () => {
    const twin: Parameterization = {
      ...epsilonParameterization,
      kind: 'epsilon-twin',
      description: 'ε again',
    };
    const plugin = definePlugin(({ contribute }) =>
      contribute(GAUSSIAN_CHOICES.Parameterization.token, parameterizationContribution(twin)),
    );
    const udm = createUdm(config({ kind: 'vp', T: 10 }, { posterior: { kind: 'epsilon-twin' } }), [
      gaussianModule,
      testModule,
      plugin,
    ]);
    const { x0 } = udm.sample();
    expect(x0.shape).toEqual([4, 2]);
    x0.dispose();
    udm.dispose();
  });

  it('an ODE solver bound from another module becomes a sample.sampler kind', () => {
    const solver: OdeSolver = { ...eulerSolver, kind: 'euler-twin', description: 'Euler again' };
    const plugin = definePlugin(({ contribute }) =>
      contribute(GAUSSIAN_CHOICES.OdeSolver.token, odeSolverContribution(solver)),
    );
    const base = config({ kind: 'vp', T: 10 });
    const udm = createUdm({ ...base, sample: { ...base.sample, sampler: { kind: 'euler-twin' } } }, [
      gaussianModule,
      testModule,
      plugin,
    ]);
    const a = udm.sample().x0;
    const b = udm.sample({ sampler: { kind: 'euler' } }).x0;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    udm.dispose();
  });

  it('an ω(t) and a p_time bound from another module are valid train.objective choices of weighted-denoising', async () => {
    const drawn: number[] = [];
    const doubled = contribution({
      kind: 'doubled',
      description: 'ω(t) = 2 on the network output',
      codec: struct('doubled weighting', { kind: required(literal('doubled')) }),
      create: (): LossWeighting => ({ kind: 'doubled', space: 'output', weights: (t) => t.map(() => 2) }),
    });
    const midTime = contribution({
      kind: 'middle',
      description: 'every t = 5',
      codec: struct('middle time', { kind: required(literal('middle')) }),
      create: (): TimeDistribution => ({
        kind: 'middle',
        sample: (n) => {
          drawn.push(n);
          return new Float64Array(n).fill(5);
        },
      }),
    });
    const plugin = definePlugin(({ contribute }) => {
      contribute(GAUSSIAN_CHOICES.LossWeighting.token, doubled);
      contribute(GAUSSIAN_CHOICES.TimeDistribution.token, midTime);
    });
    const modules = [gaussianModule, testModule, plugin];
    const firstLoss = async (objective: object): Promise<number> => {
      const udm = createUdm(
        config({ kind: 'vp', T: 10 }, { train: { steps: 1, batchSize: 8, objective } }),
        modules,
      );
      try {
        return (await udm.train()).lastLoss;
      } finally {
        udm.dispose();
      }
    };
    const plain = await firstLoss({ kind: 'weighted-denoising', time: { kind: 'middle' } });
    const twice = await firstLoss({
      kind: 'weighted-denoising',
      weighting: { kind: 'doubled' },
      time: { kind: 'middle' },
    });
    // Same seed, same t (the plugin's p_time) and ε: ω = 2 doubles the ε-model's plain output loss.
    expect(drawn).toEqual([8, 8]);
    expect(twice).toBeCloseTo(2 * plain, 5);
    expect(plain).toBeGreaterThan(0);
    // Without the plugin both kinds are unknown, named by their fields.
    expect(() =>
      createUdm(
        config(
          { kind: 'vp', T: 10 },
          { train: { steps: 1, objective: { kind: 'weighted-denoising', weighting: { kind: 'doubled' } } } },
        ),
        [gaussianModule, testModule],
      ),
    ).toThrow(/train\.objective\.weighting\.kind: expected one of .*"constant".*, got "doubled"/);
    expect(() =>
      createUdm(
        config(
          { kind: 'vp', T: 10 },
          { train: { steps: 1, objective: { kind: 'weighted-denoising', time: { kind: 'middle' } } } },
        ),
        [gaussianModule, testModule],
      ),
    ).toThrow(/train\.objective\.time\.kind: expected one of .*"uniform".*, got "middle"/);
  });
});
