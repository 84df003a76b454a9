/**
 * Seedable pseudo-random number generation, computed in float64 on the host.
 *
 * Every stochastic part of UDM-TS (ε ~ q(ε), t ~ p(t), masks, categorical draws, data shuffling) takes an `Rng`
 * so that the same seed gives the same result on the same backend. Tensors are built from the host-side draws,
 * which makes the draws themselves backend-independent.
 */
export interface Rng {
  /** One draw from U[0, 1) with 53 bits of precision. */
  uniform(): number;
  /** `n` draws from U[0, 1). */
  uniforms(n: number): Float64Array;
  /** `n` draws from N(0, 1). */
  normals(n: number): Float64Array;
  /** An integer drawn uniformly from {0, …, n − 1}. */
  int(n: number): number;
  /** The generator's state, JSON-serialisable, for exact resume. */
  getState(): RngState;
  /** Restores a state produced by `getState()` of the same kind of generator. */
  setState(state: RngState): void;
}

/** A serialisable generator state. */
export interface RngState {
  readonly kind: string;
  readonly words: readonly number[];
}
