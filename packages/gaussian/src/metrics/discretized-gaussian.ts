import * as tf from '@tensorflow/tfjs';

/** The tanh approximation of the standard normal CDF used by DDPM / improved-DDPM's reference code, elementwise. */
export function approxStandardNormalCdfs(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.mul(
      0.5,
      tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))),
    ),
  );
}

/**
 * log p(x | mean, exp(logVariance)) of the discretized Gaussian decoder (Ho et al. 2020; seed 003), elementwise
 * and differentiable in `mean` and `logVariance`, for data x in [−1, 1] quantised to `bins` levels: the Gaussian
 * mass of x's bin (±1/(bins − 1)), with the outer bins extended to ±∞. Probabilities are floored at 1e-12 as in
 * the reference code. The NELBO metric and the learned-variance loss (L_0) both use it.
 */
export function discretizedGaussianLogLikelihoods(
  x: tf.Tensor,
  mean: tf.Tensor,
  logVariance: tf.Tensor | number,
  bins = 256,
): tf.Tensor {
  const half = 1 / (bins - 1);
  return tf.tidy(() => {
    const inv = tf.exp(tf.mul(-0.5, logVariance));
    const centered = tf.sub(x, mean);
    const cdfPlus = approxStandardNormalCdfs(tf.mul(inv, tf.add(centered, half)));
    const cdfMin = approxStandardNormalCdfs(tf.mul(inv, tf.sub(centered, half)));
    const floorLog = (p: tf.Tensor) => tf.log(tf.maximum(p, 1e-12));
    return tf.where(
      tf.less(x, -1 + half / 2),
      floorLog(cdfPlus),
      tf.where(tf.greater(x, 1 - half / 2), floorLog(tf.sub(1, cdfMin)), floorLog(tf.sub(cdfPlus, cdfMin))),
    );
  });
}

/** `approxStandardNormalCdfs` of one number. */
export function approxStandardNormalCdf(x: number): number {
  return tf.tidy(() => approxStandardNormalCdfs(tf.scalar(x)).dataSync()[0]!);
}

/** `discretizedGaussianLogLikelihoods` of one number. */
export function discretizedGaussianLogLikelihood(
  x: number,
  mean: number,
  logVariance: number,
  bins = 256,
): number {
  return tf.tidy(
    () => discretizedGaussianLogLikelihoods(tf.scalar(x), tf.scalar(mean), logVariance, bins).dataSync()[0]!,
  );
}
