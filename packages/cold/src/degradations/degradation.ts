import type * as tf from '@tensorflow/tfjs';

/**
 * A deterministic degradation D(x, t) of NHWC images (Bansal et al., "Cold Diffusion", 2022): level t ∈ {0, …, T−1}
 * degrades more as t grows, and t = −1 (the time origin) is the identity. The cold process's forward map is
 * F_t(x0, ε) = D(x0, t) (seed 002, eq. 55). Implementations handle one level for the whole batch;
 * `degradeEach` applies per-sample levels.
 */
export interface Degradation {
  /** A short name for messages, e.g. "gaussian-blur". */
  readonly kind: string;
  /** The number of levels T. */
  readonly levels: number;
  /** D(x, t) for one level shared by the batch; t = −1 returns a copy of x. The caller owns the result. */
  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D;
}

/** Throws a RangeError unless t is a level of `d` (or −1). */
export function checkLevel(d: Degradation, t: number): void {
  if (!Number.isInteger(t) || t < -1 || t >= d.levels) {
    throw new RangeError(`${d.kind}: expected an integer level in [-1, ${d.levels - 1}], got ${t}`);
  }
}

/**
 * An optional capability of a degradation: D(x_i, t_i) for one level per row in one go (e.g. the blur's batched
 * matrix products), instead of `degradeEach` grouping rows by level.
 */
export interface PerSampleDegradation extends Degradation {
  /**
   * D(x_i, t_i) for row i, with levels already checked by the caller; `undefined` where this input is better served
   * level by level. The caller owns the result.
   */
  degradePerSample(x: tf.Tensor4D, levels: ArrayLike<number>): tf.Tensor4D | undefined;
}

/** Whether `d` has the `PerSampleDegradation` capability. */
export function degradesPerSample(d: Degradation): d is PerSampleDegradation {
  return typeof (d as Partial<PerSampleDegradation>).degradePerSample === 'function';
}
