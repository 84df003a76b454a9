import * as tf from '@tensorflow/tfjs';
import type { Conditioning, Guidance, Network, Time } from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import type { Parameterization } from '../parameterization/parameterization.js';
import { NULL_LABEL } from '../posterior/gaussian-posterior.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** What guidance needs of a posterior: its raw network output and how to read it (a GaussianPosterior is one). */
export interface RawOutputModel {
  readonly process: GaussianProcess;
  readonly parameterization: Parameterization;
  output(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor;
}

export interface GuidanceOptions {
  /** w: 1 is the conditional model, 0 the unconditional one, > 1 sharper. */
  readonly scale: number;
  /** φ ∈ [0, 1] of guidance rescale (Lin et al. 2023); 0 (default) leaves the guided output as it is. */
  readonly rescale?: number;
}

function twice(t: Time): Time {
  return typeof t === 'number' ? t : Float64Array.from([...t, ...t]);
}

/** Per-sample unbiased standard deviation over every axis but the batch axis, shaped [B, 1, …]. */
function stdPerSample(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const flat = tf.reshape(x, [x.shape[0]!, -1]);
    const n = flat.shape[1]!;
    const { variance } = tf.moments(flat, 1, true);
    return tf.reshape(tf.sqrt(tf.mul(variance, n / Math.max(n - 1, 1))), [
      x.shape[0]!,
      ...new Array<number>(x.rank - 1).fill(1),
    ]);
  });
}

/**
 * Classifier-free guidance (Ho & Salimans; seed 003): one network trained with label dropout gives the conditional
 * output o_c (labels) and the unconditional o_u (NULL_LABEL); the guided output is o_u + w·(o_c − o_u), in the
 * parameterization's own space (ε, v, …), as diffusers does. With `rescale` φ, the guided output is rescaled to
 * the conditional output's per-sample standard deviation and mixed back: φ·o·std(o_c)/std(o) + (1 − φ)·o.
 * Conditional and unconditional passes run as one batch of 2B.
 */
export class ClassifierFreeGuidance implements Guidance<GaussianPrediction> {
  readonly needsLabels = true;

  constructor(
    private readonly model: RawOutputModel,
    private readonly options: GuidanceOptions,
  ) {
    if (!Number.isFinite(options.scale))
      throw new RangeError(`scale: expected a finite number, got ${options.scale}`);
    // guiding on labels the network ignores would silently return the unconditional model
    if ((model as { readonly network?: Network }).network?.labelClasses === 0)
      throw new Error(
        'classifier-free guidance: the network has no label embedding (labelClasses = 0); train it with labels',
      );
    const phi = options.rescale ?? 0;
    if (!(phi >= 0 && phi <= 1)) throw new RangeError(`rescale: expected a number in [0, 1], got ${phi}`);
  }

  /** The guided raw output. */
  guidedOutput(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    const labels = cond?.labels;
    if (!labels) throw new Error('classifier-free guidance: cond.labels is required');
    const { scale, rescale = 0 } = this.options;
    return tf.tidy(() => {
      const batch = xt.shape[0]!;
      const both = this.model.output(tf.concat([xt, xt], 0), twice(t), {
        ...cond,
        labels: tf.concat([labels, tf.fill([batch], NULL_LABEL, labels.dtype)], 0) as tf.Tensor1D,
      });
      const [c, u] = tf.split(both, 2, 0) as [tf.Tensor, tf.Tensor];
      const guided = tf.add(u, tf.mul(tf.sub(c, u), scale));
      if (rescale === 0) return guided;
      const rescaled = tf.mul(guided, tf.div(stdPerSample(c), stdPerSample(guided)));
      return tf.add(tf.mul(rescaled, rescale), tf.mul(guided, 1 - rescale));
    });
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): GaussianPrediction {
    return this.model.parameterization.toPrediction(
      this.guidedOutput(xt, t, cond),
      xt,
      t,
      this.model.process,
    );
  }
}
