import * as tf from '@tensorflow/tfjs';

/**
 * How a blur sees beyond the image border, as an index map: position i ∈ [−r, n + r) of a padded axis of length n
 * reads the source pixel `source(i, n)`. Padding is a gather along the axis, so every mode shares one
 * implementation and all of them keep a constant image constant.
 */
export interface Padding {
  readonly kind: string;
  source(i: number, n: number): number;
}

/** Mirror without repeating the edge (numpy/PyTorch "reflect", tf.mirrorPad "reflect"): …, x2, x1 | x0, x1, x2, …. */
export const reflectPadding: Padding = {
  kind: 'reflect',
  source(i, n) {
    if (n === 1) return 0;
    const period = 2 * (n - 1);
    const k = ((i % period) + period) % period;
    return k < n ? k : period - k;
  },
};

/** Repeat the edge pixel (numpy "edge", PyTorch "replicate"): …, x0, x0 | x0, x1, …. */
export const edgePadding: Padding = {
  kind: 'edge',
  source: (i, n) => Math.min(Math.max(i, 0), n - 1),
};

/** Wrap around (PyTorch "circular", the default of the cold-diffusion reference code): …, x_{n−1} | x0, x1, …. */
export const circularPadding: Padding = {
  kind: 'circular',
  source: (i, n) => ((i % n) + n) % n,
};

/** The padding modes, by config name. */
export const PADDINGS = {
  reflect: reflectPadding,
  edge: edgePadding,
  circular: circularPadding,
} as const satisfies Record<string, Padding>;

export type PaddingName = keyof typeof PADDINGS;

/**
 * Pads `axis` of `x` by `r` on both sides with `padding`: the image itself plus two border strips gathered by the
 * index map (gathering only the strips keeps the cost near a plain copy).
 */
export function padAxis<T extends tf.Tensor>(x: T, axis: number, r: number, padding: Padding): T {
  if (r === 0) return x.clone();
  const n = x.shape[axis]!;
  const left = Int32Array.from({ length: r }, (_, k) => padding.source(k - r, n));
  const right = Int32Array.from({ length: r }, (_, k) => padding.source(n + k, n));
  return tf.tidy(() => tf.concat([tf.gather(x, left, axis), x, tf.gather(x, right, axis)], axis) as T);
}
