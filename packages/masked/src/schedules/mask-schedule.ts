/**
 * A masking schedule α(τ): the probability that a token is still unmasked (the seed's fraction of ones in m_t,
 * eq. 57) at progress τ ∈ [0, 1] of the forward process. α(0) = 1, non-increasing, α(1) ≈ 0. Evaluated in
 * float64 on the host.
 */
export interface MaskSchedule {
  readonly kind: string;
  alpha(tau: number): number;
  /** dα/dτ (≤ 0), for the continuous-time NELBO weight −α'(τ)/(1 − α(τ)). */
  alphaDerivative(tau: number): number;
}
