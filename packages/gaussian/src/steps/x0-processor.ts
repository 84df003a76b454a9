import * as tf from '@tensorflow/tfjs';
import { perSample } from '@udm/core';

/** A transformation of the prediction x̂0 before a step uses it (clipping, dynamic thresholding). */
export interface X0Processor {
  readonly changesX0: boolean;
  apply(x0: tf.Tensor): tf.Tensor;
}

/** Leaves x̂0 as it is. */
export const keepX0: X0Processor = { changesX0: false, apply: (x0) => x0 };

/** diffusers' `clip_sample`: x̂0 clamped to [−range, range]. */
export function clipX0(range = 1): X0Processor {
  if (!(range > 0)) throw new RangeError(`clipSampleRange: expected a positive number, got ${range}`);
  return { changesX0: true, apply: (x0) => tf.clipByValue(x0, -range, range) };
}

/** The `q`-quantile of sorted values with linear interpolation (as torch.quantile and numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Dynamic thresholding (Imagen, Saharia et al. 2022; diffusers' `thresholding`): per sample, s = the `ratio`
 * quantile of |x̂0| clamped to [1, maxValue]; x̂0 ← clamp(x̂0, −s, s)/s. The quantile is computed on the host in
 * float64.
 */
export function dynamicThreshold(ratio = 0.995, maxValue = 1): X0Processor {
  if (!(ratio > 0 && ratio <= 1))
    throw new RangeError(`dynamicThresholdingRatio: expected (0, 1], got ${ratio}`);
  if (!(maxValue >= 1)) throw new RangeError(`sampleMaxValue: expected a number ≥ 1, got ${maxValue}`);
  return {
    changesX0: true,
    apply: (x0) =>
      tf.tidy(() => {
        const batch = x0.shape[0]!;
        const size = x0.size / batch;
        const values = x0.dataSync();
        const s = new Float64Array(batch);
        for (let b = 0; b < batch; b++) {
          const abs = Float64Array.from(values.subarray(b * size, (b + 1) * size), Math.abs).sort();
          s[b] = Math.min(Math.max(quantileSorted(abs, ratio), 1), maxValue);
        }
        const limit = perSample(s, x0.rank);
        return tf.div(tf.minimum(tf.maximum(x0, tf.neg(limit)), limit), limit);
      }),
  };
}
