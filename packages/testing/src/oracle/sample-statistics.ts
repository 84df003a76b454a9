import { mmd2 } from '@udm/core';

/** Mean and covariance of row-major samples [n, dim], in float64. */
export function sampleMoments(
  x: ArrayLike<number>,
  dim: number,
): { mean: Float64Array; covariance: Float64Array } {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] = mean[d]! + x[i * dim + d]! / n;
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      const u = x[i * dim + a]! - mean[a]!;
      for (let b = 0; b < dim; b++)
        covariance[a * dim + b] = covariance[a * dim + b]! + (u * (x[i * dim + b]! - mean[b]!)) / (n - 1);
    }
  }
  return { mean, covariance };
}

/** How far samples are from a reference distribution: moment errors (max-abs) and the kernel MMD². */
export interface DistributionDistance {
  readonly meanError: number;
  readonly covarianceError: number;
  readonly mmd2: number;
}

/**
 * Compares samples with exact reference moments and with reference samples (MMD², Gaussian kernel of the given
 * bandwidth, on at most `mmdSize` points of each, for speed).
 */
export function distributionDistance(
  samples: ArrayLike<number>,
  reference: {
    readonly mean: ArrayLike<number>;
    readonly covariance: ArrayLike<number>;
    readonly samples: ArrayLike<number>;
  },
  dim: number,
  bandwidth: number,
  mmdSize = 1000,
): DistributionDistance {
  const m = sampleMoments(samples, dim);
  let meanError = 0;
  let covarianceError = 0;
  for (let d = 0; d < dim; d++) meanError = Math.max(meanError, Math.abs(m.mean[d]! - reference.mean[d]!));
  for (let i = 0; i < dim * dim; i++) {
    covarianceError = Math.max(covarianceError, Math.abs(m.covariance[i]! - reference.covariance[i]!));
  }
  const cut = (a: ArrayLike<number>) =>
    Array.prototype.slice.call(a, 0, Math.min(a.length, mmdSize * dim)) as number[];
  return { meanError, covarianceError, mmd2: mmd2(cut(samples), cut(reference.samples), dim, bandwidth) };
}
