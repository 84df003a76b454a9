import * as tf from '@tensorflow/tfjs';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { InvertibleForward } from '../contracts/forward-process.js';
import type { PointPrediction } from '../contracts/prediction.js';
import type { Rng } from '../random/rng.js';
import type { NoiseMix } from './noise-mix.js';

/**
 * The interpolated correction for any invertible process with Gaussian q(ε) (seed 002, eq. 13):
 *   ε_rec = F_t^{-1}(x̂0, x_t),  x_s = F_s(x̂0, √(1 − σ̃²)·ε_rec + σ̃·ε_new).
 * σ̃ = 0 is the recovered-ε (deterministic) correction of eq. 12 and draws no noise; σ̃ = 1 is the marginal one.
 * The plugin only supplies σ̃(t, s) (e.g. DDIM's η·√((1 − ᾱ_t/ᾱ_s)/(1 − ᾱ_t)) for VP).
 */
export class InterpolatedNoiseStep implements ConditionalStep<tf.Tensor, PointPrediction> {
  constructor(
    private readonly process: InvertibleForward,
    private readonly mix: NoiseMix,
  ) {}

  step(xt: tf.Tensor, prediction: PointPrediction, t: number, s: number, rng: Rng): tf.Tensor {
    const sigma = this.mix.sigmaTilde(t, s);
    if (!(sigma >= 0 && sigma <= 1)) {
      throw new RangeError(`σ̃(${t} → ${s}): expected a number in [0, 1], got ${sigma}`);
    }
    return tf.tidy(() => {
      const x0 = prediction.x0;
      const recovered = this.process.inverse(x0, xt, t);
      if (sigma === 0) return this.process.forward(x0, recovered, s);
      const fresh = this.process.sampleNoise(x0, rng);
      const eps = tf.add(tf.mul(recovered, Math.sqrt(1 - sigma * sigma)), tf.mul(fresh, sigma));
      return this.process.forward(x0, eps, s);
    });
  }
}

/** The recovered-ε (deterministic) correction x_s = F_s(x̂0, F_t^{-1}(x̂0, x_t)) (seed 002, eq. 12). */
export class RecoveredNoiseStep extends InterpolatedNoiseStep {
  constructor(process: InvertibleForward) {
    super(process, { sigmaTilde: () => 0 });
  }
}
