import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';
import { RectifiedFlowProcess } from '@udm/gaussian';
import type { MinibatchCoupling } from '../coupling/minibatch-coupling.js';

/**
 * The conditional OT path of flow matching, x_t = (1 − t)·x0 + t·ε (σ_min = 0: rectified flow's α_t = 1 − t,
 * σ_t = t), whose training noise is paired with the minibatch by a coupling: with `exactOtCoupling` this is
 * OT-CFM (Tong et al. 2023). Only training draws (`sampleNoise` on a whole batch) are coupled; the prior and every
 * sampler are rectified flow's, so the `flow` posterior, `euler`, `heun` and `midpoint` work unchanged.
 */
export class CoupledFlowProcess extends RectifiedFlowProcess {
  constructor(
    readonly coupling: MinibatchCoupling,
    tMin = 0,
  ) {
    super(tMin, 1);
  }

  override sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    const eps = super.sampleNoise(x0, rng);
    if (x0.shape[0]! < 2) return eps;
    const coupled = this.coupling.couple(x0, eps);
    eps.dispose();
    return coupled;
  }
}
