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
});
