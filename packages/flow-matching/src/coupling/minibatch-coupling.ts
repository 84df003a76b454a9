import * as tf from '@tensorflow/tfjs';
import { linearAssignment } from '../assignment/linear-assignment.js';

/**
 * How the noise of a minibatch is paired with its data for flow matching: the independent coupling q(x0)q(ε)
 * (plain conditional flow matching) or a coupling π(x0, ε) that keeps both marginals, e.g. the minibatch
 * optimal-transport plan (Tong et al. 2023, Pooladian et al. 2023). `couple` returns ε reordered (a permutation of
 * the rows of `eps`, so its marginal is still N(0, I)).
 */
export interface MinibatchCoupling {
  readonly kind: string;
  readonly description: string;
  couple(x0: tf.Tensor, eps: tf.Tensor): tf.Tensor;
}

/** The independent coupling: ε as drawn. */
export const independentCoupling: MinibatchCoupling = {
  kind: 'independent',
  description: 'independent pairs (plain conditional flow matching)',
  couple: (_x0, eps) => tf.clone(eps),
};

/** Squared Euclidean costs ‖x0_i − ε_j‖² of flattened rows, row-major [n, n], float64 on the host. */
export function squaredDistances(x0: ArrayLike<number>, eps: ArrayLike<number>, n: number): Float64Array {
  const d = x0.length / n;
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const r = x0[i * d + k]! - eps[j * d + k]!;
        s += r * r;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

/**
 * The exact minibatch OT coupling for the squared Euclidean cost: the permutation π minimising Σ_i ‖x0_i − ε_π(i)‖²
 * (the optimal plan between two empirical measures of n equal-weight points is a permutation), found with
 * {@link linearAssignment}. Reads both batches to the host.
 */
export const exactOtCoupling: MinibatchCoupling = {
  kind: 'exact-ot',
  description: 'minibatch optimal transport, exact assignment (Hungarian) for ‖x0 − ε‖²',
  couple(x0, eps) {
    const n = x0.shape[0]!;
    if (eps.shape[0] !== n) throw new RangeError(`eps: expected ${n} rows like x0, got ${eps.shape[0]}`);
    const perm = linearAssignment(squaredDistances(x0.dataSync(), eps.dataSync(), n), n);
    return tf.tidy(() => tf.gather(eps, tf.tensor1d(perm, 'int32')));
  },
};
