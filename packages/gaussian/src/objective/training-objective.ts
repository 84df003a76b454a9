import * as tf from '@tensorflow/tfjs';
import type { ObjectiveLossOptions } from '@udm/core';
import type { Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { LossWeighting } from './loss-weighting.js';
import { spaceFactor, targetCoefficients } from './target-coefficients.js';
import type { TimeDistribution } from './time-distribution.js';

/**
 * Seed 004's training-objective template, E_{x0,ε} E_{t∼p_time}[ω(t)‖NN(x_t, t) − (A_t x0 + B_t ε)‖²], with its four
 * parts chosen independently: (A) the process, (B) the parameterization (A_t, B_t), (C) ω(t), (D) p_time. Without a
 * weighting, ω is the parameterization's own λ(t) (1, σ_t² for score): the behaviour before this template existed.
 */
export class TrainingObjective {
  constructor(
    readonly parameterization: Parameterization,
    readonly process: GaussianProcess,
    readonly time: TimeDistribution,
    readonly weighting?: LossWeighting,
  ) {}

  /** ω(t) of the template: the weight of the network's own squared error at each time (float64). */
  weights(t: Float64Array): Float64Array {
    const w = this.weighting;
    if (!w) return this.parameterization.lossWeight?.(t, this.process) ?? new Float64Array(t.length).fill(1);
    const omega = w.weights(t);
    if (w.space === 'output') return omega;
    const r = spaceFactor(
      w.space,
      targetCoefficients(this.parameterization, t, this.process),
      t,
      this.process,
    );
    // ω_S‖Ŝ − S‖² = (ω_S/r_S)‖NN − target‖²; where r_S is 0 or ∞ (e.g. ε at α_t = 0) the term carries no weight.
    return omega.map((v, i) => {
      const q = v / r[i]!;
      return Number.isFinite(q) ? q : 0;
    });
  }

  /**
   * The scalar loss from the element-wise squared errors `sq` ([B, …]): the batch mean of ω(t)·mean‖·‖² times the
   * importance correction of p_time. With `record` (a training step's loss) an adaptive p_time is told the
   * per-sample ω(t)·MSE; without it the loss changes nothing.
   */
  loss(sq: tf.Tensor, t: Float64Array, options: ObjectiveLossOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const axes = Array.from({ length: sq.rank - 1 }, (_, i) => i + 1);
      const mse = axes.length > 0 ? tf.mean(sq, axes) : sq;
      const weighted = tf.mul(mse, tf.tensor1d(Float32Array.from(this.weights(t))));
      if (options.record && this.time.observe) this.time.observe(t, Float64Array.from(weighted.dataSync()));
      const c = this.time.correction?.(t);
      return tf.mean(c ? tf.mul(weighted, tf.tensor1d(Float32Array.from(c))) : weighted) as tf.Scalar;
    });
  }
}
