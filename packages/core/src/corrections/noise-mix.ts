/**
 * σ̃ for a move t → s: the share of fresh noise in the interpolated correction
 * ε_s = √(1 − σ̃²)·ε_rec + σ̃·ε_new (seed 002, eq. 13). Must lie in [0, 1].
 */
export interface NoiseMix {
  sigmaTilde(t: number, s: number): number;
}
