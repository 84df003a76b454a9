import * as tf from '@tensorflow/tfjs';

/** d(x, y) of the consistency loss, one value per sample (Song et al. 2023; Song & Dhariwal 2023). */
export interface ConsistencyDistance {
  readonly kind: string;
  readonly description: string;
  /** d(a, b) per sample: shape [B]. */
  distance(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D;
}

function flatSquares(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  if (!tf.util.arraysEqual(a.shape, b.shape))
    throw new RangeError(`distance: shapes differ, [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  return tf.reshape(tf.squaredDifference(a, b), [a.shape[0]!, -1]);
}

/** d = ‖a − b‖²/D, the squared L2 distance per element (the mean over an item's D values). */
export const l2Distance: ConsistencyDistance = {
  kind: 'l2',
  description: 'squared L2 per element, ‖a − b‖²/D',
  distance: (a, b) => tf.tidy(() => tf.mean(flatSquares(a, b), 1) as tf.Tensor1D),
};

/** c of the pseudo-Huber distance for items of D values: 0.00054·√D (Song & Dhariwal 2023). */
export function pseudoHuberC(dim: number): number {
  return 0.00054 * Math.sqrt(dim);
}

/** d = √(‖a − b‖² + c²) − c, c = 0.00054·√D (Song & Dhariwal 2023, improved consistency training). */
export const pseudoHuberDistance: ConsistencyDistance = {
  kind: 'pseudo-huber',
  description: 'pseudo-Huber √(‖a − b‖² + c²) − c with c = 0.00054·√D',
  distance: (a, b) =>
    tf.tidy(() => {
      const sq = flatSquares(a, b);
      const c = pseudoHuberC(sq.shape[1]);
      return tf.sub(tf.sqrt(tf.add(tf.sum(sq, 1), c * c)), c) as tf.Tensor1D;
    }),
};

/** The distances by kind (`distance` of the consistency objectives). */
export const CONSISTENCY_DISTANCES: Readonly<Record<string, ConsistencyDistance>> = Object.freeze(
  Object.fromEntries([l2Distance, pseudoHuberDistance].map((d) => [d.kind, d])),
);
