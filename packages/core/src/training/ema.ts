import * as tf from '@tensorflow/tfjs';
import type { NamedVariables } from '../contracts/network.js';
import { backendHasKernel, EMA_UPDATE } from './fused-training-kernels.js';

/**
 * Exponential moving average of the weights θ̄ ← d·θ̄ + (1 − d)·θ, with the usual warm-up
 * d_k = min(decay, (1 + k)/(10 + k)) so that early averages are not dominated by the initialisation. Each update is
 * one `UdmEmaUpdate` kernel for all variables where the backend registers it (fused-training-kernels.ts).
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
    const pairs = [...variables].map(([name, v]): [tf.Variable, tf.Variable] => {
      const s = this.shadow.get(name);
      if (!s) throw new Error(`ema: no shadow for variable "${name}"`);
      return [s, v];
    });
    tf.tidy(() => {
      if (pairs.length > 0 && backendHasKernel(EMA_UPDATE, pairs.flat())) {
        // One dispatch for every variable (three per variable composed), the same float32 arithmetic.
        const inputs: tf.NamedTensorMap = {};
        pairs.forEach(([s, v], i) => {
          inputs[`shadow${i}`] = s;
          inputs[`value${i}`] = v;
        });
        const out = tf.engine().runKernel(EMA_UPDATE, inputs, { decay: d }) as tf.Tensor[];
        pairs.forEach(([s], i) => s.assign(out[i]!));
      } else for (const [s, v] of pairs) s.assign(tf.add(tf.mul(s, d), tf.mul(v, 1 - d)));
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
