import * as tf from '@tensorflow/tfjs';
import {
  perSample,
  type DataBatch,
  type ObjectiveLossOptions,
  type ObjectiveState,
  type PosteriorModel,
  type Rng,
  type TrainingObjective,
} from '@udm/core';
import type { GaussianProcess } from '@udm/gaussian';
import type { SigmaDenoiser } from '../consistency-function/sigma-denoiser.js';
import type { ConsistencyDistance } from '../distance/consistency-distance.js';
import { boundarySigma } from '../parameterization/boundary-sigma.js';
import { consistencySigmas } from '../schedule/consistency-sigmas.js';
import type { TeacherStep } from '../teacher/teacher-step.js';
import { weightedPairLoss, type LevelWeighting } from '../weighting/level-weighting.js';
import { consistencyFunctionOf } from './consistency-function-of.js';
import { drawConsistencyPair } from './consistency-pairs.js';
import { gridSigmaMax } from './consistency-training.js';
import { restoreTargetState, targetState } from './objective-state.js';
import { stopGradient, TargetNetwork } from './target-network.js';

export interface ConsistencyDistillationOptions {
  readonly process: GaussianProcess;
  /** The student: a posterior with the `consistency` parameterization. */
  readonly posterior: PosteriorModel;
  /** The teacher's denoiser D_φ(x_e, σ) (e.g. a `ConsistencyTeacher`'s, from a trained Gaussian model). */
  readonly teacher: SigmaDenoiser;
  /** The ODE step Φ of the teacher (Euler or Heun). */
  readonly solver: TeacherStep;
  readonly distance: ConsistencyDistance;
  /** N, the number of levels σ_1..σ_N (fixed). */
  readonly levels: number;
  readonly sigmaMax: number;
  readonly rho: number;
  /** μ, the decay of θ⁻; 0: θ⁻ = θ. */
  readonly mu: number;
  /** λ(σ_n, σ_{n+1}) of each pair; default λ ≡ 1. */
  readonly weighting?: LevelWeighting;
}

/** A consistency-distillation objective (its θ⁻ exposed for tests). */
export interface ConsistencyDistillationObjective extends TrainingObjective {
  readonly target: TargetNetwork;
}

/**
 * Consistency distillation (Song et al. 2023, Algorithm 2): n ~ U{1..N−1}, x_{n+1} = x0 + σ_{n+1}z, one teacher
 * ODE step x̂_n = Φ(x_{n+1}, σ_{n+1} → σ_n; φ), and L = λ(σ_n, σ_{n+1})·d(f_θ(x_{n+1}, σ_{n+1}), stopgrad
 * f_θ⁻(x̂_n, σ_n)) (λ ≡ 1 unless `weighting`); after
 * each step θ⁻ ← μθ⁻ + (1 − μ)θ. θ⁻ is the objective's checkpointed state.
 */
export function consistencyDistillation(
  options: ConsistencyDistillationOptions,
): ConsistencyDistillationObjective {
  const { process, posterior, teacher, solver, distance, levels, rho, mu } = options;
  const sigmas = consistencySigmas(
    levels,
    boundarySigma(process),
    gridSigmaMax(process, options.sigmaMax),
    rho,
  );
  consistencyFunctionOf(process, posterior, 'train.objective.kind "consistency-distillation"'); // fails early on another posterior
  const target = new TargetNetwork(posterior.network);
  let last = 0;
  return {
    kind: 'consistency-distillation',
    target,
    loss(batch: DataBatch, rng: Rng, lossOptions?: ObjectiveLossOptions): tf.Scalar {
      if (lossOptions?.record) target.ensure(mu);
      const pair = drawConsistencyPair(sigmas, batch.x0.shape, rng);
      const f = consistencyFunctionOf(
        process,
        posterior,
        'train.objective.kind "consistency-distillation"',
        batch.labels ? { labels: batch.labels } : undefined,
      );
      return tf.tidy(() => {
        const x = tf.add(batch.x0, tf.mul(pair.z, perSample(pair.from, batch.x0.rank)));
        pair.z.dispose();
        const stepped = tf.tidy(() => stopGradient(solver.step(teacher, x, pair.from, pair.to)));
        const goal = target.evaluate(() => f(stepped, pair.to));
        const online = f(x, pair.from);
        const d = distance.distance(online, goal);
        return options.weighting ? weightedPairLoss(d, options.weighting, pair.from, pair.to) : tf.mean(d);
      });
    },
    afterStep(step: number): void {
      last = step;
      target.update(mu);
    },
    getState: (): ObjectiveState => targetState(target, last),
    setState(state: ObjectiveState): void {
      last = restoreTargetState(target, state);
    },
    dispose: () => target.dispose(),
  };
}
