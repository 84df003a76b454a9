import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardProcess, ForwardSample, Network, PosteriorModel, Time } from '@udm/core';
import type { ClassifierGradient } from '../guidance/classifier-guidance.js';

/**
 * A noisy classifier p_φ(y | x_t, t) (Dhariwal & Nichol; seed 003's classifier guidance): the network reads x_t and
 * the network time of t — never the label — and returns `classes` logits. As a posterior kind it only trains (its
 * `loss` is the cross-entropy −log p_φ(y | x_t, t)); guidance reads its input gradient (`classifierGradient`).
 */
export class NoisyClassifier implements PosteriorModel<tf.Tensor, tf.Tensor> {
  constructor(
    readonly process: ForwardProcess,
    readonly network: Network,
    /** The number of classes, the network's output size. */
    readonly classes: number,
  ) {
    if (!(Number.isInteger(classes) && classes >= 2))
      throw new RangeError(`classes: expected an integer ≥ 2, got ${classes}`);
    // a network with a label embedding would read y itself: the classifier would learn nothing about x_t
    if ((network.labelClasses ?? 0) > 0)
      throw new Error(
        'noisy classifier: the network has a label embedding (network.labelEmbedding > 0); a classifier must not see the label',
      );
  }

  /** The logits log p_φ(· | x_t, t) up to a constant, [B, classes]. */
  logits(xt: tf.Tensor, t: Time): tf.Tensor2D {
    const batch = xt.shape[0]!;
    return tf.tidy(() => {
      const out = this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, batch)));
      return tf.reshape(out, [batch, this.classes]);
    });
  }

  /** The logits (the classifier is no denoiser: a sampler cannot use them). */
  predict(xt: tf.Tensor, t: Time): tf.Tensor {
    return this.logits(xt, t);
  }

  /** Mean cross-entropy −log p_φ(y | x_t, t) of the labelled batch `xt`. */
  crossEntropy(xt: tf.Tensor, t: Time, labels: tf.Tensor1D): tf.Scalar {
    return tf.tidy(
      () =>
        tf.losses.softmaxCrossEntropy(
          tf.oneHot(tf.cast(labels, 'int32'), this.classes),
          this.logits(xt, t),
        ) as tf.Scalar,
    );
  }

  loss(sample: ForwardSample<tf.Tensor, tf.Tensor>, cond?: Conditioning): tf.Scalar {
    if (!cond?.labels) throw new Error('noisy classifier: training needs labels (data.labelled: true)');
    return this.crossEntropy(sample.xt, sample.t, cond.labels);
  }
}

/** ∇_{x_t} log p_φ(y | x_t, t) of a noisy classifier, for `ClassifierGuidance`; needs `cond.labels`. */
export function classifierGradient(classifier: NoisyClassifier): ClassifierGradient {
  return (xt, t, cond) => {
    const labels = cond?.labels;
    if (!labels) throw new Error('classifier guidance: cond.labels is required');
    return tf.tidy(() => {
      const picked = tf.oneHot(tf.cast(labels, 'int32'), classifier.classes);
      const logProb = (x: tf.Tensor) =>
        tf.sum(tf.mul(tf.logSoftmax(classifier.logits(x, t)), picked)) as tf.Scalar;
      return tf.grad(logProb)(xt);
    });
  };
}
