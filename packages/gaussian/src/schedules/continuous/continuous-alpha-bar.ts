/** ᾱ(t) of a continuous-time VP process on t ∈ [0, 1] (ᾱ(0) = 1), with its derivative. */
export interface ContinuousAlphaBar {
  alphaBar(t: number): number;
  dAlphaBar(t: number): number;
}
