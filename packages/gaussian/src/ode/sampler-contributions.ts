import type * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  contribution,
  literal,
  pointLoopSampler,
  required,
  requireCapability,
  struct,
  type PointPrediction,
  type Registry,
  type Predictor,
  type Sampler,
  type SamplerDeps,
} from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { dpmSolverPp2m } from './dpm-solver-pp-2m.js';
import { eulerSolver } from './euler.js';
import { heunSolver } from './heun.js';
import type { OdeSolver } from './ode-solver.js';
import { sampleOde } from './sample-ode.js';

/** A `Sampler` that integrates the probability-flow ODE (seed 004) with `solver`; `sample.step` is not used. */
export function odeSampler(process: GaussianProcess, solver: OdeSolver): Sampler {
  return pointLoopSampler(
    (options, onMove) =>
      sampleOde({
        process,
        predictor: options.predictor as Predictor<tf.Tensor, PointPrediction>,
        solver,
        pairs: options.pairs,
        shape: options.shape,
        rng: options.rng,
        ...(options.xT ? { xT: options.xT } : {}),
        ...(options.cond ? { cond: options.cond } : {}),
        onStep: onMove,
      }).x0,
  );
}

/** The sampler contribution of one ODE solver: `{ kind }` in `sample.sampler`. */
export function odeSamplerContribution(solver: OdeSolver) {
  return contribution({
    kind: solver.kind,
    description: `probability-flow ODE: ${solver.description} (ignores sample.step)`,
    codec: struct(`${solver.kind} sampler`, { kind: required(literal(solver.kind)) }),
    requires: [AFFINE_GAUSSIAN],
    create: (_c, deps: SamplerDeps): Sampler =>
      odeSampler(
        requireCapability(AFFINE_GAUSSIAN, deps.process, `sample.sampler.kind: "${solver.kind}"`),
        solver,
      ),
  });
}

/** One sampler kind per ODE solver a registry holds (the container's: solvers plugins add included). */
export function odeSamplersOf(solvers: Registry<OdeSolver, unknown>) {
  return solvers.entries.map((e) => odeSamplerContribution(solvers.create({ kind: e.kind }, undefined)));
}

/** The PF-ODE samplers of the built-in solvers: `euler`, `heun`, `dpmpp-2m`. */
export const odeSamplers = [eulerSolver, heunSolver, dpmSolverPp2m].map(odeSamplerContribution);
