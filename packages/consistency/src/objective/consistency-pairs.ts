import type * as tf from '@tensorflow/tfjs';
import { randomNormal, type Rng } from '@udm/core';

/** One draw of the consistency objectives: adjacent levels σ_{n+1} > σ_n per sample and the shared noise z. */
export interface ConsistencyPair {
  /** σ_{n+1}, where the online network f_θ is evaluated. */
  readonly from: Float64Array;
  /** σ_n, where the target f_θ⁻ is evaluated. */
  readonly to: Float64Array;
  /** z ~ N(0, I), shaped like the batch. */
  readonly z: tf.Tensor;
}

/** The index i ∈ {0..p.length − 1} with P(i) = p[i] for a uniform u ∈ [0, 1) (inverse CDF, float64). */
function inverseCdf(p: Float64Array, u: number): number {
  let acc = 0;
  for (let i = 0; i < p.length - 1; i++) {
    acc += p[i]!;
    if (u < acc) return i;
  }
  return p.length - 1;
}

/**
 * n per sample on the ascending grid `sigmas` (σ_1..σ_N) — U{1, …, N − 1}, or with the probabilities p(n) of a
 * `LevelSampling` (index n − 1) — then z ~ N(0, I), drawn in this order from `rng`, so a seed gives the same pairs.
 */
export function drawConsistencyPair(
  sigmas: Float64Array,
  shape: readonly number[],
  rng: Rng,
  probabilities?: Float64Array,
): ConsistencyPair {
  const n = shape[0]!;
  const gaps = sigmas.length - 1;
  if (probabilities && probabilities.length !== gaps)
    throw new RangeError(`drawConsistencyPair: expected ${gaps} probabilities, got ${probabilities.length}`);
  const index = Array.from(rng.uniforms(n), (u) =>
    probabilities ? inverseCdf(probabilities, u) : Math.min(Math.floor(u * gaps), gaps - 1),
  );
  return {
    from: Float64Array.from(index, (i) => sigmas[i + 1]!),
    to: Float64Array.from(index, (i) => sigmas[i]!),
    z: randomNormal(rng, shape),
  };
}
