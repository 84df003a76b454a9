import {
  AFFINE_GAUSSIAN,
  ConfigError,
  contribution,
  literal,
  nonNegativeInt,
  numberIn,
  requireCapability,
  required,
  struct,
  withDefault,
  type Sampler,
  type SamplerDeps,
} from '@udm/core';
import type { OdeSolver } from '../ode/ode-solver.js';
import { odeSampler } from '../ode/sampler-contributions.js';
import { createDpmSolverPp2mSde } from './dpm-solver-pp-2m-sde.js';
import { createEdmStochastic } from './edm-stochastic.js';
import { createEulerAncestral } from './euler-ancestral.js';
import { createEulerMaruyama } from './euler-maruyama.js';
import { createGammaSde } from './gamma-exponential.js';
import { createPredictorCorrector } from './predictor-corrector.js';

function samplerOf(kind: string, deps: SamplerDeps, solver: () => OdeSolver): Sampler {
  const process = requireCapability(AFFINE_GAUSSIAN, deps.process, `sample.sampler.kind: "${kind}"`);
  try {
    return odeSampler(process, solver());
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError([`sample.sampler.${e.message}`]);
    throw e;
  }
}

const eta = withDefault(numberIn(0, Infinity), 1);

/** `sde`: the reverse-SDE family γ = η·g (seed 004 §5.4.1) by its exponential integrator. */
export const gammaSdeSampler = contribution({
  kind: 'sde',
  description:
    'reverse-time SDE family γ(t) = η·g(t) (η = 0 PF-ODE, 1 reverse SDE), exponential integrator; noise from the run seed',
  codec: struct('sde sampler', { kind: required(literal('sde')), eta }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) => samplerOf('sde', deps, () => createGammaSde({ eta: c.eta })),
});

/** `euler-maruyama`: Euler–Maruyama on the same family. */
export const eulerMaruyamaSampler = contribution({
  kind: 'euler-maruyama',
  description:
    'Euler–Maruyama on the reverse-time SDE family γ = η·g, clock σ/α (first order: use many steps)',
  codec: struct('euler-maruyama sampler', { kind: required(literal('euler-maruyama')), eta }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) =>
    samplerOf('euler-maruyama', deps, () => createEulerMaruyama({ eta: c.eta })),
});

/** `euler-ancestral`: k-diffusion's Euler-ancestral. */
export const eulerAncestralSampler = contribution({
  kind: 'euler-ancestral',
  description: 'Euler-ancestral (k-diffusion): Euler to σ_down, then σ_up of fresh noise (η scales σ_up)',
  codec: struct('euler-ancestral sampler', { kind: required(literal('euler-ancestral')), eta }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) =>
    samplerOf('euler-ancestral', deps, () => createEulerAncestral({ eta: c.eta })),
});

/** `dpmpp-2m-sde`: DPM-Solver++(2M) SDE. */
export const dpmSolverPp2mSdeSampler = contribution({
  kind: 'dpmpp-2m-sde',
  description: 'DPM-Solver++(2M) SDE (midpoint) on the family γ = η·g (k-diffusion eta = η²)',
  codec: struct('dpmpp-2m-sde sampler', { kind: required(literal('dpmpp-2m-sde')), eta }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) =>
    samplerOf('dpmpp-2m-sde', deps, () => createDpmSolverPp2mSde({ eta: c.eta })),
});

/** `edm`: EDM's stochastic sampler (churn + Heun). */
export const edmStochasticSampler = contribution({
  kind: 'edm',
  description:
    "EDM's stochastic sampler (Karras et al. Algorithm 2): churn S_churn/S_noise on σ/α in [S_tmin, S_tmax], Heun steps",
  codec: struct('edm sampler', {
    kind: required(literal('edm')),
    sChurn: withDefault(numberIn(0, Infinity), 40),
    sTmin: withDefault(numberIn(0, Infinity), 0.05),
    sTmax: withDefault(numberIn(0, Infinity), 50),
    sNoise: withDefault(numberIn(0, Infinity), 1.003),
  }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) =>
    samplerOf('edm', deps, () =>
      createEdmStochastic({ sChurn: c.sChurn, sTmin: c.sTmin, sTmax: c.sTmax, sNoise: c.sNoise }),
    ),
});

/** `pc-langevin`: score SDE's predictor–corrector with a Langevin corrector. */
export const predictorCorrectorSampler = contribution({
  kind: 'pc-langevin',
  description:
    'predictor–corrector (score SDE): reverse-SDE predictor + Langevin corrector (snr r, corrector steps)',
  codec: struct('pc-langevin sampler', {
    kind: required(literal('pc-langevin')),
    snr: withDefault(numberIn(0, Infinity, { lo: true }), 0.16),
    correctorSteps: withDefault(nonNegativeInt, 1),
  }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps) =>
    samplerOf('pc-langevin', deps, () => createPredictorCorrector({ snr: c.snr, steps: c.correctorSteps })),
});

/** The reverse-SDE samplers, bound to `TOKENS.Sampler` by `gaussianModule`. */
export const sdeSamplers = [
  gammaSdeSampler,
  eulerMaruyamaSampler,
  eulerAncestralSampler,
  dpmSolverPp2mSdeSampler,
  edmStochasticSampler,
  predictorCorrectorSampler,
];
