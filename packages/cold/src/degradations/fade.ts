import * as tf from '@tensorflow/tfjs';
import { checkLevel, type Degradation } from './degradation.js';

/**
 * Fading to the mean ("defade" when reversed): D(x, t) = (1 − λ_t)·x + λ_t·μ with λ_t = ((t + 1)/T)^power, so the
 * last level is the constant image μ for every x — a deterministic degradation whose prior is a single point
 * (the cold process fits its prior to D(data, T − 1) plus a little noise). μ is one value (e.g. 0, the mid-grey of
 * [−1, 1] data).
 */
export class FadeToMean implements Degradation {
  readonly kind = 'fade';

  constructor(
    readonly levels: number,
    readonly mean: number,
    readonly power: number,
  ) {
    if (!(Number.isInteger(levels) && levels >= 1))
      throw new RangeError(`fade: expected T ≥ 1, got ${levels}`);
    if (!(power > 0)) throw new RangeError(`fade: expected power > 0, got ${power}`);
  }

  /** λ_t, the faded share at level t (0 at t = −1, 1 at t = T − 1). */
  lambda(t: number): number {
    return ((t + 1) / this.levels) ** this.power;
  }

  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D {
    checkLevel(this, t);
    if (t === -1) return x.clone();
    const l = this.lambda(t);
    return tf.tidy(() => tf.add(tf.mul(x, 1 - l), l * this.mean) as tf.Tensor4D);
  }
}
