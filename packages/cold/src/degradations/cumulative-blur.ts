import type * as tf from '@tensorflow/tfjs';
import { checkLevel, type Degradation } from './degradation.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import type { Padding } from './padding.js';
import { SeparableBlur } from './separable-blur.js';

/**
 * Cold diffusion's blur: level t applies t + 1 Gaussian blur passes, pass i with standard deviation `stds[i]`
 * (constant 7 with an 11-tap kernel for MNIST, 0.35 + 0.01·i for CIFAR-10), so D(x, t) = B_t(B_{t−1}(… B_0(x))).
 * T = stds.length levels; t = −1 is the identity.
 */
export class CumulativeBlur implements Degradation {
  readonly kind = 'gaussian-blur';
  readonly levels: number;
  readonly passes: readonly SeparableBlur[];

  constructor(
    readonly stds: Float64Array,
    readonly kernelSize: number,
    readonly padding: Padding,
  ) {
    if (stds.length < 1) throw new RangeError('blur: expected at least one level');
    this.levels = stds.length;
    const cache = new Map<number, SeparableBlur>();
    this.passes = Array.from(stds, (std) => {
      const known = cache.get(std);
      if (known) return known;
      const pass = new SeparableBlur(gaussianKernel1d(kernelSize, std), padding);
      cache.set(std, pass);
      return pass;
    });
  }

  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D {
    checkLevel(this, t);
    return this.continue(x, -1, t);
  }

  /** D(x, to) from y = D(x, from) for from ≤ to: the remaining passes from + 1 … to. */
  continue(y: tf.Tensor4D, from: number, to: number): tf.Tensor4D {
    if (from > to) throw new RangeError(`blur: cannot go from level ${from} back to ${to}`);
    let out = y.clone();
    for (let i = from + 1; i <= to; i++) {
      const next = this.passes[i]!.apply(out);
      out.dispose();
      out = next;
    }
    return out;
  }
}
