import * as tf from '@tensorflow/tfjs';

/**
 * −log q(x0 | x_t) up to constants for a point prediction x̂0, averaged over the batch and coordinates: L2 for a
 * Gaussian q (seed 002, eq. 8), L1 for a Laplace q (the loss the cold-diffusion paper trains with).
 */
export interface PointLoss {
  readonly kind: string;
  loss(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar;
}

export const l2Loss: PointLoss = {
  kind: 'l2',
  loss: (p, x) => tf.tidy(() => tf.mean(tf.squaredDifference(p, x)) as tf.Scalar),
};

export const l1Loss: PointLoss = {
  kind: 'l1',
  loss: (p, x) => tf.tidy(() => tf.mean(tf.abs(tf.sub(p, x))) as tf.Scalar),
};

/** The losses, by config name. */
export const POINT_LOSSES = { l2: l2Loss, l1: l1Loss } as const satisfies Record<string, PointLoss>;
export type PointLossName = keyof typeof POINT_LOSSES;
