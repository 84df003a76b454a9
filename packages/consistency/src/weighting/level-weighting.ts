import * as tf from '@tensorflow/tfjs';

/**
 * λ(σ_n, σ_{n+1}), the weight of one drawn pair in the consistency loss
 * E[λ(σ_n, σ_{n+1}) · d(f_θ(x_{n+1}, σ_{n+1}), f_θ⁻(x_n, σ_n))] (Song et al. 2023, eq. 7; Song & Dhariwal 2023, §3.4).
 */
export interface LevelWeighting {
  readonly kind: string;
  /** λ per sample (float64) of the pairs σ_{n+1} = `from[i]` > σ_n = `to[i]`. */
  weights(from: Float64Array, to: Float64Array): Float64Array;
}

/**
 * mean_i λ_i·d_i, the weighted consistency loss of a batch: `distances` d_i (shape [B]) and λ_i of `weighting` on
 * the drawn pairs. Fails naming the weighting when it gives the wrong number of weights or one that is not a finite
 * number ≥ 0.
 */
export function weightedPairLoss(
  distances: tf.Tensor1D,
  weighting: LevelWeighting,
  from: Float64Array,
  to: Float64Array,
): tf.Scalar {
  const lambda = weighting.weights(from, to);
  if (lambda.length !== from.length)
    throw new RangeError(
      `train.objective.weighting "${weighting.kind}": expected ${from.length} weights, got ${lambda.length}`,
    );
  lambda.forEach((w, i) => {
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(
        `train.objective.weighting "${weighting.kind}": expected finite weights ≥ 0, got λ = ${w} for σ_n = ${to[i]}, σ_{n+1} = ${from[i]}`,
      );
  });
  return tf.tidy(() => tf.mean(tf.mul(distances, tf.tensor1d(Float32Array.from(lambda)))) as tf.Scalar);
}
