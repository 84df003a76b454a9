import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  perSample,
  type DataBatch,
  type ObjectiveLossOptions,
  type ObjectiveState,
  type PosteriorModel,
  type Rng,
  type TrainingObjective,
} from '@udm/core';
import type { GaussianProcess } from '@udm/gaussian';
import type { ConsistencyDistance } from '../distance/consistency-distance.js';
import { boundarySigma } from '../parameterization/boundary-sigma.js';
import { consistencySigmas } from '../schedule/consistency-sigmas.js';
import { discretisationSteps, targetDecay } from '../schedule/discretisation-schedule.js';
import type { LevelSampling } from '../schedule/level-sampling.js';
import { weightedPairLoss, type LevelWeighting } from '../weighting/level-weighting.js';
import { consistencyFunctionOf } from './consistency-function-of.js';
import { drawConsistencyPair } from './consistency-pairs.js';
import { restoreTargetState, targetState } from './objective-state.js';
import { TargetNetwork } from './target-network.js';

export interface ConsistencyTrainingOptions {
  readonly process: GaussianProcess;
  /** The consistency model: a posterior with the `consistency` parameterization. */
  readonly posterior: PosteriorModel;
  readonly distance: ConsistencyDistance;
  /** σ_max of the grid (capped at the process's largest σ_t/α_t). */
  readonly sigmaMax: number;
  readonly rho: number;
  /** N(k) grows from s0 to s1 + 1 over K optimizer steps. */
  readonly s0: number;
  readonly s1: number;
  /** K as configured (`train.objective.scheduleSteps`); default `trainSteps`. */
  readonly scheduleSteps?: number;
  /**
   * The run's `train.steps`: K when `scheduleSteps` is not given. Absent (an objective built by hand): the total of
   * the first `train()` call. Once training starts K is fixed and checkpointed, so a run resumed with another length
   * keeps the schedule it started with.
   */
  readonly trainSteps?: number;
  /** μ₀ of the target decay μ(k) = exp(s0·log μ₀/N(k)); 0: θ⁻ = θ. */
  readonly mu0: number;
  /** How n is drawn among the N − 1 pairs; default n ~ U{1..N−1} (the paper's Algorithm 3). */
  readonly levelSampling?: LevelSampling;
  /** λ(σ_n, σ_{n+1}) of each pair; default λ ≡ 1 (iCT: `inverse-gap`, 1/(σ_{n+1} − σ_n)). */
  readonly weighting?: LevelWeighting;
}

/** The largest usable σ: `sigmaMax`, capped at σ_t/α_t of the process at t_max. */
export function gridSigmaMax(process: GaussianProcess, sigmaMax: number): number {
  const t = process.time.tMax;
  const top = process.sigma(t) / process.alpha(t);
  const s = Math.min(sigmaMax, Number.isFinite(top) ? top : Infinity);
  if (!(s > boundarySigma(process)))
    throw new RangeError(`sigmaMax: expected a value above σ_min = ${boundarySigma(process)}, got ${s}`);
  return s;
}

/** A consistency-training objective, with N(k) of its last step. */
export interface ConsistencyTrainingObjective extends TrainingObjective {
  readonly target: TargetNetwork;
  /** N(k) at optimizer step k (0-based), on the schedule's K (or on `scheduleSteps` K when given). */
  levelsAt(k: number, scheduleSteps?: number): number;
  /** The schedule's K: fixed when training starts (or restored from a checkpoint); undefined before. */
  readonly scheduleSteps: number | undefined;
}

/**
 * Consistency training (Song et al. 2023, Algorithm 3), no teacher: at optimizer step k, N = N(k) levels
 * σ_1 < … < σ_N (Karras), n ~ U{1..N−1} (or by `levelSampling`, e.g. iCT's discretised lognormal), z ~ N(0, I) and
 * L = λ(σ_n, σ_{n+1})·d(f_θ(x0 + σ_{n+1}z, σ_{n+1}), stopgrad f_θ⁻(x0 + σ_n z, σ_n)) (λ ≡ 1 unless `weighting`),
 * averaged over the batch; after each step θ⁻
 * moves towards θ with decay μ(k). θ⁻, k and the schedule's K (`scheduleSteps`, else the run's `train.steps`) are
 * the objective's checkpointed state: a run resumed with a larger `train.steps` keeps the N(k) it started with.
 */
export function consistencyTraining(options: ConsistencyTrainingOptions): ConsistencyTrainingObjective {
  const { process, posterior, distance, rho, s0, s1, mu0 } = options;
  const sigmaMin = boundarySigma(process);
  const sigmaMax = gridSigmaMax(process, options.sigmaMax);
  consistencyFunctionOf(process, posterior, 'train.objective.kind "consistency-training"'); // fails early on another posterior
  // Every grid covers [σ_min, σ_max]: a proposal with no mass there fails now, not at the first loss.
  options.levelSampling?.probabilities(Float64Array.of(sigmaMin, sigmaMax));
  const target = new TargetNetwork(posterior.network);
  let last = 0; // the last optimizer step seen (1-based), for losses asked for outside training
  let K = options.scheduleSteps ?? options.trainSteps;
  const levelsAt = (k: number, scheduleSteps?: number) =>
    discretisationSteps(k, scheduleSteps ?? K ?? 1, s0, s1);
  return {
    kind: 'consistency-training',
    target,
    levelsAt,
    get scheduleSteps() {
      return K;
    },
    loss(batch: DataBatch, rng: Rng, lossOptions?: ObjectiveLossOptions): tf.Scalar {
      if (K === undefined && lossOptions?.record && lossOptions.totalSteps !== undefined)
        K = lossOptions.totalSteps;
      const k = Math.max((lossOptions?.step ?? last + 1) - 1, 0);
      const N = levelsAt(k);
      if (lossOptions?.record) target.ensure(targetDecay(N, s0, mu0));
      const sigmas = consistencySigmas(N, sigmaMin, sigmaMax, rho);
      const pair = drawConsistencyPair(
        sigmas,
        batch.x0.shape,
        rng,
        options.levelSampling?.probabilities(sigmas),
      );
      const f = consistencyFunctionOf(
        process,
        posterior,
        'train.objective.kind "consistency-training"',
        batch.labels ? { labels: batch.labels } : undefined,
      );
      return tf.tidy(() => {
        const rank = batch.x0.rank;
        const noisy = (levels: Float64Array) => tf.add(batch.x0, tf.mul(pair.z, perSample(levels, rank)));
        const goal = target.evaluate(() => f(noisy(pair.to), pair.to));
        const online = f(noisy(pair.from), pair.from);
        pair.z.dispose();
        const d = distance.distance(online, goal);
        return options.weighting ? weightedPairLoss(d, options.weighting, pair.from, pair.to) : tf.mean(d);
      });
    },
    afterStep(step: number): void {
      last = step;
      target.update(targetDecay(levelsAt(step - 1), s0, mu0));
    },
    getState: (): ObjectiveState => targetState(target, last, K === undefined ? {} : { scheduleSteps: K }),
    setState(state: ObjectiveState): void {
      const saved = (state.json as { scheduleSteps?: unknown } | undefined)?.scheduleSteps;
      if (saved !== undefined) {
        if (!(typeof saved === 'number' && Number.isSafeInteger(saved) && saved > 0))
          throw new Error(
            `objective state: scheduleSteps expected a positive integer, got ${JSON.stringify(saved)}`,
          );
        if (options.scheduleSteps !== undefined && options.scheduleSteps !== saved)
          throw new ConfigError([
            `train.objective.scheduleSteps: the checkpoint was trained with K = ${saved} (N(k) grows from s0 to ` +
              `s1 + 1 over K steps), the config asks for ${options.scheduleSteps}; a resumed run keeps its ` +
              `schedule: remove scheduleSteps or set it to ${saved}`,
          ]);
      }
      last = restoreTargetState(target, state);
      // Checkpoints written before K was recorded keep the K of this config.
      if (saved !== undefined) K = saved;
    },
    dispose: () => target.dispose(),
  };
}
