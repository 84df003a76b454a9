import * as tf from '@tensorflow/tfjs';
import { perSample, randomNormal, type ConditionalStep, type Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { PredictionWithEps } from './ddim-step.js';
import { posteriorNoiseShare } from './ddim-noise-mix.js';
import { keepX0, type X0Processor } from './x0-processor.js';

/** A prediction that may carry a learned variance value v̂ ∈ [−1, 1]. */
export type VariancePrediction = PredictionWithEps & { readonly varianceValue?: tf.Tensor };

/** The log-variance of the noise a DDPM step adds for a move t → s (a number, or a tensor like x). */
export interface StepLogVariance {
  logVariance(t: number, s: number, prediction: VariancePrediction): number | tf.Tensor;
}

/** β_{t|s} = σ_t² − (α_t/α_s)²·σ_s², the variance of q(x_t | x_s) (for VP: 1 − ᾱ_t/ᾱ_s). */
export function transitionVariance(process: GaussianProcess, t: number, s: number): number {
  const r = process.alpha(t) / process.alpha(s);
  return process.sigma(t) ** 2 - r * r * process.sigma(s) ** 2;
}

/** β̃ = β_{t|s}·σ_s²/σ_t², the variance of q(x_s | x_t, x0), clamped at 1e-20 as diffusers does. */
export function posteriorVariance(process: GaussianProcess, t: number, s: number): number {
  return Math.max((transitionVariance(process, t, s) * process.sigma(s) ** 2) / process.sigma(t) ** 2, 1e-20);
}

/**
 * A DDPM step whose noise is not the posterior's: x_s = μ̃(x̂0, x_t) + √v·z with the posterior mean
 * μ̃ = F_s(x̂0, √(1 − σ̃²)·F_t⁻¹(x̂0, x_t)) (σ̃ the posterior share) and a chosen variance v (`fixed_large`: β,
 * `learned_range`: the network's interpolation). No noise at the smallest time. Unlike `fixed_small`, this breaks
 * the marginal constraint (seed 002, eq. 10) — which is why DDPM's β-variance is an upper bound (seed 003).
 */
export class PosteriorMeanStep implements ConditionalStep<tf.Tensor, VariancePrediction> {
  constructor(
    private readonly process: GaussianProcess,
    private readonly variance: StepLogVariance,
    private readonly processor: X0Processor = keepX0,
  ) {}

  step(xt: tf.Tensor, prediction: VariancePrediction, t: number, s: number, rng: Rng): tf.Tensor {
    const p = this.process;
    const keep = Math.sqrt(1 - posteriorNoiseShare(p, t, s) ** 2);
    return tf.tidy(() => {
      const x0 = this.processor.apply(prediction.x0);
      const mean = p.forward(x0, tf.mul(p.inverse(x0, xt, t), keep), s);
      if (t === p.time.tMin) return mean;
      const logVar = this.variance.logVariance(t, s, prediction);
      const std =
        typeof logVar === 'number' ? perSample(Math.exp(0.5 * logVar), xt.rank) : tf.exp(tf.mul(logVar, 0.5));
      return tf.add(mean, tf.mul(std, randomNormal(rng, xt.shape)));
    });
  }
}

/** `fixed_large`: v = β_{t|s} (DDPM's upper bound). */
export function fixedLargeVariance(process: GaussianProcess): StepLogVariance {
  return { logVariance: (t, s) => Math.log(transitionVariance(process, t, s)) };
}

/**
 * `learned_range` (Nichol & Dhariwal, seed 003): log v = f·log β_{t|s} + (1 − f)·log β̃ with f = (v̂ + 1)/2 from
 * the network's variance output v̂ ∈ [−1, 1].
 */
export function learnedRangeVariance(process: GaussianProcess): StepLogVariance {
  return {
    logVariance: (t, s, prediction) => {
      const v = prediction.varianceValue;
      if (!v)
        throw new Error(
          'variance "learned_range": the prediction has no varianceValue (use a learned-variance posterior)',
        );
      const maxLog = Math.log(transitionVariance(process, t, s));
      const minLog = Math.log(posteriorVariance(process, t, s));
      return tf.tidy(() => {
        const f = tf.div(tf.add(v, 1), 2);
        return tf.add(tf.mul(f, maxLog), tf.mul(tf.sub(1, f), minLog));
      });
    },
  };
}
