/**
 * A keep schedule α(τ) of a discrete (token) diffusion: the probability that a token of x0 is still itself in
 * x_t — the seed's fraction of ones in m_t (002 eq. 57) for the absorbing [MASK] process, the keep probability of
 * q(x_t | x0) = α·onehot(x0) + (1 − α)/K for the uniform-state one — at progress τ ∈ [0, 1] of the forward process.
 * α(0) = 1, non-increasing, α(1) ≈ 0. Evaluated in float64 on the host.
 */
export interface KeepSchedule {
  readonly kind: string;
  alpha(tau: number): number;
  /** dα/dτ (≤ 0), for continuous-time NELBO weights such as −α'(τ)/(1 − α(τ)). */
  alphaDerivative(tau: number): number;
}
