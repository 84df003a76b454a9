import * as tf from '@tensorflow/tfjs';
import type { NamedVariables } from '../contracts/network.js';

/**
 * Exponential moving average of the weights θ̄ ← d·θ̄ + (1 − d)·θ, with the usual warm-up
 * d_k = min(decay, (1 + k)/(10 + k)) so that early averages are not dominated by the initialisation.
 */
export class Ema {
  readonly shadow: Map<string, tf.Variable>;
  private updates = 0;

  constructor(
    variables: NamedVariables,
    readonly decay: number,
    private readonly warmup = true,
  ) {
    if (!(decay >= 0 && decay < 1))
      throw new RangeError(`ema decay: expected a number in [0, 1), got ${decay}`);
    this.shadow = new Map(
      [...variables].map(([name, v]) => [name, tf.tidy(() => tf.variable(v.clone(), false))]),
    );
  }

  /** Decay used at the current update. */
  currentDecay(): number {
    return this.warmup ? Math.min(this.decay, (1 + this.updates) / (10 + this.updates)) : this.decay;
  }

  update(variables: NamedVariables): void {
    const d = this.currentDecay();
    tf.tidy(() => {
      for (const [name, v] of variables) {
        const s = this.shadow.get(name);
        if (!s) throw new Error(`ema: no shadow for variable "${name}"`);
        s.assign(tf.add(tf.mul(s, d), tf.mul(v, 1 - d)));
      }
    });
    this.updates++;
  }

  get count(): number {
    return this.updates;
  }

  /** Restores the number of updates done (for resume; the shadow values are restored by assignment). */
  set count(n: number) {
    this.updates = n;
  }

  /** Copies the averages into `variables` (e.g. to sample with the EMA weights). */
  copyTo(variables: NamedVariables): void {
    for (const [name, v] of variables) {
      const s = this.shadow.get(name);
      if (!s) throw new Error(`ema: no shadow for variable "${name}"`);
      v.assign(s);
    }
  }

  dispose(): void {
    for (const s of this.shadow.values()) s.dispose();
    this.shadow.clear();
  }
}
