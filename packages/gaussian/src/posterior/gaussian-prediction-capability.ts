import type * as tf from '@tensorflow/tfjs';
import { capability, type Network, type PosteriorModel, type Time } from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import type { Parameterization } from '../parameterization/parameterization.js';

/** A posterior G_t that predicts (x̂0, ε̂) through a parameterization of a Gaussian process. */
export interface GaussianPosteriorModel extends PosteriorModel {
  readonly network: Network;
  readonly parameterization: Parameterization;
  predict(xt: tf.Tensor, t: Time): GaussianPrediction;
}

/** The capability of Gaussian posteriors: predictions (x̂0, ε̂) a DDIM move or a distillation target can use. */
export const GAUSSIAN_PREDICTION = capability<GaussianPosteriorModel>({
  name: 'gaussian-prediction',
  subject: 'posterior',
  description: 'a Gaussian prediction (x̂0, ε̂) through a parameterization',
  providedBy: 'a Gaussian posterior of @udm/gaussian (posterior.kind of a parameterization, or learned-range)',
  has: (p): p is GaussianPosteriorModel => {
    const g = p as Partial<GaussianPosteriorModel> | null;
    return (
      typeof g?.predict === 'function' &&
      typeof g.parameterization?.toPrediction === 'function' &&
      g.network !== undefined
    );
  },
});
