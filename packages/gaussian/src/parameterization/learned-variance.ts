import * as tf from '@tensorflow/tfjs';
import type { Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/** Which output axis holds the two halves: 1 (diffusers' NCHW layout) or the last axis (NHWC images, points). */
export type VarianceAxis = 1 | 'last';

/** Splits a learned-variance network output into the base output and v̂, naming the axis when the size is wrong. */
export function splitLearnedVariance(
  output: tf.Tensor,
  xt: tf.Tensor,
  axis: VarianceAxis = 1,
): [tf.Tensor, tf.Tensor] {
  const a = axis === 'last' ? xt.rank - 1 : axis;
  const expected = xt.shape.map((d, i) => (i === a ? 2 * d : d));
  if (!tf.util.arraysEqual(output.shape, expected)) {
    throw new RangeError(
      `learned variance: expected the network output of shape [${expected.join(', ')}] (axis ${a} = 2·${xt.shape[a]}: ` +
        `the prediction, then the variance value), got [${output.shape.join(', ')}]`,
    );
  }
  return tf.split(output, 2, a) as [tf.Tensor, tf.Tensor];
}

/**
 * A network with a learned variance (Nichol & Dhariwal, seed 003) outputs twice the entries along `axis`: first
 * the base parameterization's output, then the variance value v̂ ∈ [−1, 1] of `learned_range` (diffusers' layout
 * for axis 1). `fromPrediction` gives the base output only (the variance has no regression target; it is trained
 * with the VLB).
 */
export function withLearnedVariance(base: Parameterization, axis: VarianceAxis = 1): Parameterization {
  return {
    kind: `${base.kind}+learned-range`,
    description: `${base.description}, with a learned variance (learned_range)`,
    fromPrediction: (p: CleanAndNoise, t: Time, process: GaussianProcess) =>
      base.fromPrediction(p, t, process),
    toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
      const [mean, variance] = splitLearnedVariance(output, xt, axis);
      return { ...base.toPrediction(mean, xt, t, process), varianceValue: variance };
    },
    ...(base.lossWeight ? { lossWeight: base.lossWeight } : {}),
  };
}
