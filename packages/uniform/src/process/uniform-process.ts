import * as tf from '@tensorflow/tfjs';
import {
  KeepScheduledProcess,
  mapTime,
  perSample,
  uniformNoise,
  type ForwardProcess,
  type KeepSchedule,
  type Rng,
  type ScheduleClock,
  type Time,
} from '@udm/core';

/**
 * The uniform-state forward process (D3PM-uniform; seed 002 §7's categorical forward with a uniform stationary
 * distribution instead of the absorbing [MASK]):
 *   q(x_t | x0) = α_t·onehot(x0) + (1 − α_t)/K,
 * realised token by token as x_t = F_t(x0, ε) = x0 if ε₀ < α_t, else ⌊ε₁·K⌋ (a uniform redraw, which may be x0
 * again), ε = (ε₀, ε₁) ~ U[0, 1)² per token. α_t = α(τ(t)) is a keep schedule of core's shared choice point
 * (`process.schedule`, `DISCRETE_CHOICES.KeepSchedule`), read on a schedule clock (`process.time`). Data are int32 ids [B, L] in 0..K−1;
 * F_origin is the identity and the prior p(x_T) is uniform over the K categories (exact when α(1) = 0).
 */
export class UniformProcess extends KeepScheduledProcess implements ForwardProcess {
  /** Marks the uniform-state capability (`UNIFORM_STATE`). */
  readonly uniformState = true as const;

  constructor(
    schedule: KeepSchedule,
    clock: ScheduleClock,
    readonly categories: number,
  ) {
    super(schedule, clock);
    if (!(Number.isSafeInteger(categories) && categories >= 2))
      throw new RangeError(`categories: expected an integer ≥ 2, got ${categories}`);
  }

  /** ε: two U[0, 1) draws per token, shape [...x0.shape, 2] (keep test, redraw). */
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return uniformNoise(rng, [...x0.shape, 2]);
  }

  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    const alpha = mapTime(t, (v) => this.alpha(v));
    const K = this.categories;
    return tf.tidy(() => {
      const [keep, redraw] = tf.unstack(eps, eps.rank - 1) as [tf.Tensor, tf.Tensor];
      const fresh = tf.cast(tf.floor(tf.mul(redraw, K)), 'int32');
      return tf.where(tf.less(keep, perSample(alpha, x0.rank)), tf.cast(x0, 'int32'), fresh);
    });
  }

  /** x_T ~ Uniform{0..K−1} per token, drawn in float64. */
  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    const K = this.categories;
    const u = rng.uniforms(n);
    return tf.tensor(
      Int32Array.from(u, (v) => Math.min(K - 1, Math.floor(v * K))),
      [...shape],
      'int32',
    );
  }
}
