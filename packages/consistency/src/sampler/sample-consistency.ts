import * as tf from '@tensorflow/tfjs';
import { randomNormal, type PointLoopInputs, type PointPrediction, type Predictor } from '@udm/core';
import { hasNoiseLevels, type GaussianProcess } from '@udm/gaussian';
import { boundarySigma } from '../parameterization/boundary-sigma.js';

/** EDM's and the consistency models' σ_max. */
export const CONSISTENCY_SIGMA_MAX = 80;

export interface SampleConsistencyOptions extends PointLoopInputs<GaussianProcess> {
  /** The consistency model f_θ: x̂0 of `predict(x_t, t)` (a posterior with the `consistency` parameterization). */
  readonly predictor: Predictor<tf.Tensor, PointPrediction>;
  /** The largest σ_e = σ_t/α_t evaluated (default 80): a first time above it is moved down to it. */
  readonly sigmaMax?: number;
  /** x at the first (possibly moved) time; default σ_t·z with z ~ N(0, I) from `rng`. Not disposed. */
  readonly xT?: tf.Tensor;
}

/**
 * Multistep consistency sampling (Song et al. 2023, Algorithm 1) in a Gaussian process's time: x_{t₀} = σ_{t₀}·z
 * (σ_e(t₀) ≤ σ_max), then for each move t → s: x̂0 = f(x_t, t), and unless s is the last (the origin)
 * x_s = α_s·(x̂0 + √(σ_e(s)² − σ_min²)·z) with fresh z — the same one-evaluation-per-step renoising in x_e.
 * One move is one-step generation x̂0 = f(σ_max·z, σ_max). Each step runs in its own tidy.
 */
export function sampleConsistency(options: SampleConsistencyOptions): { x0: tf.Tensor; evaluations: number } {
  const { process, predictor, pairs, shape, rng, cond } = options;
  if (pairs.length === 0) throw new RangeError('pairs: expected at least one step');
  const domain = process.time;
  if (!hasNoiseLevels(domain))
    throw new RangeError(
      'consistency sampler: the process has no noise levels σ_t/α_t (a Gaussian process’s time)',
    );
  const sigmaMax = options.sigmaMax ?? CONSISTENCY_SIGMA_MAX;
  if (!(sigmaMax > 0 && Number.isFinite(sigmaMax)))
    throw new RangeError(`sigmaMax: expected a finite number > 0, got ${sigmaMax}`);
  const sigmaMin = boundarySigma(process);
  const first = pairs[0]!.t;
  const t0 = domain.noiseToSignal(first) > sigmaMax ? domain.timeOfNoiseToSignal(sigmaMax) : first;
  let x = options.xT
    ? tf.clone(options.xT)
    : tf.tidy(() => tf.mul(randomNormal(rng, shape), process.sigma(t0)));
  let evaluations = 0;
  const total = pairs.length;
  pairs.forEach(({ s }, index) => {
    const t = index === 0 ? t0 : pairs[index]!.t;
    const last = index === total - 1;
    const next = tf.tidy(() => {
      const x0 = predictor.predict(x, t, cond).x0;
      evaluations++;
      let y = x0;
      if (!last) {
        const level = domain.noiseToSignal(s);
        const spread = Math.sqrt(Math.max(level * level - sigmaMin * sigmaMin, 0));
        y = tf.mul(tf.add(x0, tf.mul(randomNormal(rng, shape), spread)), process.alpha(s));
      }
      options.onStep?.({ index, total, t, s, x: y, x0 });
      return y;
    });
    x.dispose();
    x = next;
  });
  return { x0: x, evaluations };
}
