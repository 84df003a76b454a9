import * as tf from '@tensorflow/tfjs';
import type { Capability, ForwardSample, Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';

/** The pair (x̂0, ε̂) a parameterization is converted from or to. */
export interface CleanAndNoise {
  readonly x0: tf.Tensor;
  readonly eps: tf.Tensor;
}

/**
 * What the network's output means (seeds 000/004): a fixed linear combination of (x0, ε) at time t. One object per
 * parameterization, chosen once by config. Since x_t = α_t·x0 + σ_t·ε, any output converts to (x̂0, ε̂) given
 * (x_t, t) — `toPrediction` — and back — `fromPrediction`; the training target is `fromPrediction` of the true
 * (x0, ε).
 */
export interface Parameterization {
  readonly kind: string;
  readonly description: string;
  /** Capabilities it needs of the process beyond α_t, σ_t (e.g. the flow velocity needs dα/dt, dσ/dt). */
  readonly requires?: readonly Capability[];
  /** The output for a given (x0, ε) at t, e.g. v = α_t·ε − σ_t·x0. */
  fromPrediction(p: CleanAndNoise, t: Time, process: GaussianProcess): tf.Tensor;
  /** (x̂0, ε̂) from the network output at (x_t, t). */
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction;
  /** Per-sample weight λ(t) of the squared error in the training loss (1 unless said otherwise). */
  lossWeight?(t: Float64Array, process: GaussianProcess): Float64Array;
}

/** The regression target of a forward sample under a parameterization. */
export function targetOf(
  parameterization: Parameterization,
  sample: ForwardSample,
  process: GaussianProcess,
): tf.Tensor {
  return parameterization.fromPrediction({ x0: sample.x0, eps: sample.eps }, sample.t, process);
}

/** Converts a network output from one parameterization to another at (x_t, t) — the table of seeds 000/004. */
export function convertOutput(
  output: tf.Tensor,
  from: Parameterization,
  to: Parameterization,
  xt: tf.Tensor,
  t: Time,
  process: GaussianProcess,
): tf.Tensor {
  return tf.tidy(() => to.fromPrediction(from.toPrediction(output, xt, t, process), t, process));
}
