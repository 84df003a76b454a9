import type * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample } from '@udm/core';
import type { SubsPosterior } from './subs-posterior.js';

/** The training objective of a SUBS posterior: one object per kind, chosen by `posterior.objective`. */
export interface MaskedObjective {
  readonly kind: string;
  /** The scalar loss for one forward sample (averaged over the batch). */
  loss(posterior: SubsPosterior, sample: ForwardSample, cond?: Conditioning): tf.Scalar;
}
