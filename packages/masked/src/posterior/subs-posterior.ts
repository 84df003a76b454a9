import * as tf from '@tensorflow/tfjs';
import {
  type CategoricalPrediction,
  type Conditioning,
  type ForwardSample,
  IMPOSSIBLE,
  type Network,
  type PosteriorModel,
  type Time,
} from '@udm/core';
import type { AbsorbingMaskForward } from '../process/absorbing-mask.js';
import type { MaskedObjective } from './masked-objective.js';
import { trailingPaddingBias } from './trailing-padding.js';

export interface SubsOptions {
  /**
   * The [PAD] id of right-padded data, where [PAD] only ends a sequence: q(x0 | x_t) then puts no mass on what the
   * unmasked tokens rule out (text after a known [PAD], [PAD] before known text; `trailingPaddingBias`).
   */
  readonly trailingPadId?: number;
}

/**
 * G_t for the masking process with MDLM's SUBS parameterization: the network's logits NN_θ(x_t, t) ∈ R^{B×L×V}
 * give q(x0^l | x_t) = Softmax (seed 002 eq. 58) with the [MASK] logit set to −∞ (x0 is never [MASK]), and
 * unmasked tokens of x_t carried over (q(x0^l = x_t^l) = 1 there). The loss is the chosen objective (NELBO by
 * default); only masked positions contribute.
 */
export class SubsPosterior implements PosteriorModel<tf.Tensor, CategoricalPrediction> {
  private readonly maskBias: Float32Array;

  constructor(
    readonly process: AbsorbingMaskForward,
    readonly network: Network,
    readonly objective: MaskedObjective,
    readonly options: SubsOptions = {},
  ) {
    const pad = options.trailingPadId;
    if (
      pad !== undefined &&
      (!Number.isSafeInteger(pad) || pad < 0 || pad >= process.categories || pad === process.maskId)
    )
      throw new RangeError(
        `posterior "subs": trailingPadId must be a token id in [0, ${process.categories}) other than the [MASK] id ${process.maskId}, got ${pad}`,
      );
    this.maskBias = new Float32Array(process.categories);
    this.maskBias[process.maskId] = IMPOSSIBLE;
  }

  /** log Softmax of the network's logits with the [MASK] logit at −∞: [B, L, V] (no carry-over yet). */
  networkLogProbs(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const [B, L] = xt.shape as [number, number];
      const logits = this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, B)), cond);
      const V = this.process.categories;
      if (logits.rank !== 3 || logits.shape[0] !== B || logits.shape[1] !== L || logits.shape[2] !== V) {
        throw new RangeError(
          `posterior "subs": the network must return logits [${B}, ${L}, ${V}], got [${logits.shape.join(', ')}]`,
        );
      }
      const biased = tf.add(logits, tf.tensor1d(this.maskBias));
      const pad = this.options.trailingPadId;
      if (pad === undefined) return tf.logSoftmax(biased);
      const structure = trailingPaddingBias(xt, pad, this.process.maskId, V);
      return tf.logSoftmax(tf.add(biased, structure));
    });
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): CategoricalPrediction {
    return tf.tidy(() => {
      const logp = this.networkLogProbs(xt, t, cond);
      const V = this.process.categories;
      const unmasked = tf.expandDims(tf.logicalNot(this.process.isMasked(xt)), -1);
      const carried = tf.mul(tf.sub(1, tf.oneHot(tf.cast(xt, 'int32'), V)), IMPOSSIBLE);
      const logProbs = tf.where(unmasked, carried, logp);
      return { logProbs, x0: tf.cast(tf.argMax(logProbs, -1), 'int32') };
    });
  }

  /** −log q(x0^l | x_t) at each masked position, 0 at unmasked ones: float32 [B, L]. */
  tokenNll(xt: tf.Tensor, x0: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const logp = this.networkLogProbs(xt, t, cond);
      const hot = tf.oneHot(tf.cast(x0, 'int32'), this.process.categories);
      const nll = tf.neg(tf.sum(tf.mul(logp, hot), -1));
      return tf.mul(nll, tf.cast(this.process.isMasked(xt), 'float32'));
    });
  }

  /** w(t_b) · Σ_l −log q(x0^l | x_t): the NELBO estimate of each sequence, in nats, float32 [B]. */
  sequenceNelbo(sample: ForwardSample, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const w = Float32Array.from(sample.t, (t) => this.process.nelboWeight(t));
      return tf.mul(tf.sum(this.tokenNll(sample.xt, sample.x0, sample.t, cond), -1), tf.tensor1d(w));
    });
  }

  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return this.objective.loss(this, sample, cond);
  }
}
