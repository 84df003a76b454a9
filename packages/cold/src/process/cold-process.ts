import * as tf from '@tensorflow/tfjs';
import { DiscreteTime, type ForwardProcess, type Rng, type Time } from '@udm/core';
import { degradeEach } from '../degradations/degrade-each.js';
import type { Degradation } from '../degradations/degradation.js';
import type { ColdPrior } from '../prior/cold-prior.js';

/**
 * Cold diffusion as a UDM forward process (seed 002, §7.1, eq. 55): x_t = F_t(x0, ε) = D(x0, t) for a deterministic
 * degradation D on discrete times t = 0..T−1 with the clean image at t = −1. ε is not used (there is no F_t⁻¹,
 * so this is a plain `ForwardProcess`); `sampleNoise` returns zeros and draws nothing. With it, core's fresh-noise
 * step x_s = F_s(x̂0, ε_new) is exactly the seed's naive step x_s = D(x̂0, s) (eq. 56).
 */
export class ColdProcess implements ForwardProcess {
  readonly time: DiscreteTime;

  constructor(
    readonly degradation: Degradation,
    private readonly start?: ColdPrior,
  ) {
    this.time = new DiscreteTime(degradation.levels);
  }

  /** D(x, t), shared or per-sample t. */
  degrade(x: tf.Tensor, t: Time): tf.Tensor {
    if (x.rank !== 4) {
      throw new RangeError(
        `cold process: expected images [B, height, width, channels], got [${x.shape.join(', ')}]`,
      );
    }
    return degradeEach(this.degradation, x as tf.Tensor4D, t);
  }

  sampleNoise(x0: tf.Tensor, _rng: Rng): tf.Tensor {
    return tf.zerosLike(x0);
  }

  forward(x0: tf.Tensor, _eps: tf.Tensor, t: Time): tf.Tensor {
    return this.degrade(x0, t);
  }

  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    if (!this.start) {
      throw new Error(
        'cold process: no prior p(x_T) (it is fitted to training data; build the process with data)',
      );
    }
    return this.start.sample(shape, rng);
  }
}
