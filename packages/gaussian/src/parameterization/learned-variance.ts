import * as tf from '@tensorflow/tfjs';
import type { Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/**
 * A network with a learned variance (Nichol & Dhariwal, seed 003) outputs twice the channels: axis 1 holds the
 * base parameterization's output, then the variance value v̂ ∈ [−1, 1] of `learned_range` (diffusers' layout).
 * `fromPrediction` gives the base output only (the variance has no regression target; it is trained with the VLB).
 */
export function withLearnedVariance(base: Parameterization): Parameterization {
  return {
    kind: `${base.kind}+learned-range`,
    description: `${base.description}, with a learned variance (learned_range)`,
    fromPrediction: (p: CleanAndNoise, t: Time, process: GaussianProcess) =>
      base.fromPrediction(p, t, process),
    toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
      const channels = xt.shape[1]!;
      if (output.shape[1] !== 2 * channels) {
        throw new RangeError(
          `learned variance: expected the output's axis 1 to have 2·${channels} entries, got ${output.shape[1]}`,
        );
      }
      const [mean, variance] = tf.split(output, 2, 1);
      return { ...base.toPrediction(mean!, xt, t, process), varianceValue: variance! };
    },
    ...(base.lossWeight ? { lossWeight: base.lossWeight } : {}),
  };
}
