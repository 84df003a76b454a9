import { alphasCumprod, betasFromAlphasCumprod } from './beta-schedule.js';

/**
 * Lin et al. (2023), "Common diffusion noise schedules and sample steps are flawed", Algorithm 1: shift and scale
 * √ᾱ so that √ᾱ_{T−1} = 0 (zero terminal SNR) while √ᾱ_0 is unchanged; returns the new β. With ᾱ_{T−1} = 0 the
 * ε-parameterization cannot recover x̂0 at the last step (x̂0 = (x_t − σε̂)/α with α = 0): use v or x0.
 */
export function rescaleZeroTerminalSnr(betas: Float64Array): Float64Array {
  const sqrtAbar = alphasCumprod(betas).map(Math.sqrt);
  const first = sqrtAbar[0]!;
  const last = sqrtAbar[sqrtAbar.length - 1]!;
  const rescaled = sqrtAbar.map((a) => ((a - last) * first) / (first - last));
  return betasFromAlphasCumprod(rescaled.map((a) => a * a));
}
