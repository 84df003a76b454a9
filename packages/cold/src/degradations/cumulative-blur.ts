import type * as tf from '@tensorflow/tfjs';
import { checkLevel, type PerSampleDegradation } from './degradation.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import type { Padding } from './padding.js';
import { SeparableBlur } from './separable-blur.js';
import { convolutionMatrix, SeparableOperatorChain } from './separable-operator.js';

/**
 * Images with both sides up to this length are blurred in the linear-operator form (`SeparableOperatorChain`: two
 * matrix products for any number of passes, tables of T·(H² + W²) float64 numbers); larger ones pass by pass.
 */
export const BLUR_MATRIX_MAX_SIDE = 128;

/**
 * Cold diffusion's blur: level t applies t + 1 Gaussian blur passes, pass i with standard deviation `stds[i]`
 * (constant 7 with an 11-tap kernel for MNIST, 0.35 + 0.01·i for CIFAR-10), so D(x, t) = B_t(B_{t−1}(… B_0(x))).
 * T = stds.length levels; t = −1 is the identity.
 *
 * Every pass is linear and acts on rows and columns separately, so t + 1 passes on an H × W image are
 * X ↦ A_t · X · B_tᵀ per channel with A_t = M_t(H) ··· M_0(H) (M_i the matrix of pass i along an axis, padding
 * included, `convolutionMatrix`): images up to `BLUR_MATRIX_MAX_SIDE` are blurred with two matrix products
 * (`SeparableOperatorChain`, products in float64), larger ones pass by pass (`passes`). Both agree to float32
 * rounding.
 */
export class CumulativeBlur implements PerSampleDegradation {
  readonly kind = 'gaussian-blur';
  readonly levels: number;
  readonly passes: readonly SeparableBlur[];
  /** The passes as one separable linear chain (the fast path). */
  readonly chain: SeparableOperatorChain;

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
    this.chain = new SeparableOperatorChain(
      this.passes.map((pass) => (n: number) => convolutionMatrix(pass.kernel, padding, n)),
    );
  }

  /** Whether `x` is blurred in the linear-operator form. */
  private matrixForm(x: tf.Tensor4D): boolean {
    return x.shape[1] <= BLUR_MATRIX_MAX_SIDE && x.shape[2] <= BLUR_MATRIX_MAX_SIDE;
  }

  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D {
    checkLevel(this, t);
    return this.continue(x, -1, t);
  }

  /** D(x, to) from y = D(x, from) for from ≤ to: the remaining passes from + 1 … to. */
  continue(y: tf.Tensor4D, from: number, to: number): tf.Tensor4D {
    if (from > to) throw new RangeError(`blur: cannot go from level ${from} back to ${to}`);
    if (from === to) return y.clone();
    if (this.matrixForm(y)) return this.chain.apply(y, from, to);
    return this.continueByPasses(y, from, to);
  }

  /** D(x, t_i) on row i of `x` (the `PerSampleDegradation` capability): one batched pair of products. */
  degradePerSample(x: tf.Tensor4D, levels: ArrayLike<number>): tf.Tensor4D | undefined {
    return this.matrixForm(x) ? this.chain.applyEach(x, levels) : undefined;
  }

  /** `continue` pass by pass: 2·(to − from) depthwise convolutions (the reference path for large images). */
  continueByPasses(y: tf.Tensor4D, from: number, to: number): tf.Tensor4D {
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
