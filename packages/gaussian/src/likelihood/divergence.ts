import * as tf from '@tensorflow/tfjs';

/** A vector field on a batch, x ↦ v(x) with v(x) of x's shape; must be differentiable by tf.grad. */
export type BatchField = (x: tf.Tensor) => tf.Tensor;

/**
 * How div v = tr(∂v/∂x) is computed per example: exactly (one backward pass per dimension — for low dimension) or
 * by Hutchinson's estimator E_z[zᵀ(∂v/∂x)z] with a probe z fixed for the whole integration (FFJORD; one backward
 * pass). Both return v(x) too, and the divergence of shape [batch].
 */
export interface DivergenceEstimator {
  readonly kind: string;
  /** v(x) and div v(x). `probe` is the Hutchinson probe (ignored by the exact estimator). */
  valueAndDivergence(
    field: BatchField,
    x: tf.Tensor,
    probe?: tf.Tensor,
  ): { value: tf.Tensor; divergence: tf.Tensor };
  /** Whether it needs a probe z (drawn once per integration). */
  readonly usesProbe: boolean;
}

function perExampleSum(x: tf.Tensor): tf.Tensor {
  return x.rank === 1
    ? x
    : tf.sum(
        x,
        Array.from({ length: x.rank - 1 }, (_, i) => i + 1),
      );
}

/** The exact trace: for each flattened dimension i, ∂v_i/∂x_i by a vector–Jacobian product with e_i. */
export const exactDivergence: DivergenceEstimator = {
  kind: 'exact',
  usesProbe: false,
  valueAndDivergence(field, x) {
    const batch = x.shape[0]!;
    const dim = x.size / batch;
    let value: tf.Tensor | undefined;
    const divergence = tf.tidy(() => {
      let sum = tf.zeros([batch]);
      for (let i = 0; i < dim; i++) {
        const e = tf.oneHot(tf.fill([batch], i, 'int32'), dim).reshape(x.shape);
        const g = tf.grad((u: tf.Tensor) => {
          const v = field(u);
          if (i === 0) value = tf.keep(v);
          return tf.sum(tf.mul(v, e));
        })(x);
        sum = tf.add(sum, perExampleSum(tf.mul(g, e)));
      }
      return sum;
    });
    return { value: value!, divergence };
  },
};

/** Hutchinson's estimator zᵀ(∂v/∂x)z with the given probe z (Rademacher or Gaussian, E[zzᵀ] = I). */
export const hutchinsonDivergence: DivergenceEstimator = {
  kind: 'hutchinson',
  usesProbe: true,
  valueAndDivergence(field, x, probe) {
    if (!probe) throw new RangeError('hutchinson: needs a probe z of the shape of x');
    let value: tf.Tensor | undefined;
    const divergence = tf.tidy(() => {
      const g = tf.grad((u: tf.Tensor) => {
        value = tf.keep(field(u));
        return tf.sum(tf.mul(value, probe));
      })(x);
      return perExampleSum(tf.mul(g, probe));
    });
    return { value: value!, divergence };
  },
};
