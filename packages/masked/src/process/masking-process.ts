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
 * The absorbing-state (masking) forward process of seed 002 §7.2, eq. 57:
 *   x_t = F_t(x0, ε) = m_t ⊙ x0 + (1 − m_t) ⊙ [MASK],   m_t^l = 1[ε^l < α_t],  ε^l ~ U[0, 1),
 * so every token is kept independently with probability α_t = α(τ(t)) (1 − t/T in the seed). Data are int32
 * token ids [B, L] in 0..categories−1; `maskId` is the absorbing state. F_origin is the identity (α = 1) and the
 * prior p(x_T) is all [MASK] (exact when α(1) = 0).
 */
export class MaskingProcess extends KeepScheduledProcess implements ForwardProcess {
  constructor(
    schedule: KeepSchedule,
    clock: ScheduleClock,
    readonly maskId: number,
    readonly categories: number,
  ) {
    super(schedule, clock);
    if (!(Number.isSafeInteger(categories) && categories >= 2))
      throw new RangeError(`categories: expected an integer ≥ 2, got ${categories}`);
    if (!(Number.isSafeInteger(maskId) && maskId >= 0 && maskId < categories))
      throw new RangeError(`maskId: expected an integer in [0, ${categories}), got ${maskId}`);
  }

  /** The NELBO weight w(t) of the masked-token cross-entropy (see `ScheduleClock`). */
  nelboWeight(t: number): number {
    return this.clock.nelboWeight(this.schedule, t);
  }

  /** ε: one U[0, 1) draw per token. */
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return uniformNoise(rng, x0.shape);
  }

  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    const alpha = mapTime(t, (v) => this.alpha(v));
    return tf.tidy(() =>
      tf.where(tf.less(eps, perSample(alpha, x0.rank)), x0, tf.fill(x0.shape, this.maskId, 'int32')),
    );
  }

  prior(shape: readonly number[]): tf.Tensor {
    return tf.fill([...shape], this.maskId, 'int32');
  }

  /** 1 where x holds [MASK], as a boolean tensor of x's shape. */
  isMasked(x: tf.Tensor): tf.Tensor {
    return tf.equal(x, tf.scalar(this.maskId, 'int32'));
  }
}
