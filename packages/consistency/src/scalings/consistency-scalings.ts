/** σ_data, the data standard deviation the consistency scalings assume (Song et al. 2023, after EDM): 0.5. */
export const SIGMA_DATA = 0.5;

function checkSigma(sigma: number, sigmaMin: number, who: string): void {
  if (!(Number.isFinite(sigma) && sigma >= sigmaMin && sigmaMin >= 0))
    throw new RangeError(`${who}: expected σ ≥ σ_min ≥ 0 (finite), got σ = ${sigma}, σ_min = ${sigmaMin}`);
}

/**
 * c_skip(σ) = σ_data² / ((σ − σ_min)² + σ_data²) (Song et al. 2023, App. C): 1 at σ = σ_min, so that
 * f(x, σ_min) = x holds for any network.
 */
export function consistencySkip(sigma: number, sigmaMin: number, sigmaData = SIGMA_DATA): number {
  checkSigma(sigma, sigmaMin, 'consistencySkip');
  const d = sigma - sigmaMin;
  return (sigmaData * sigmaData) / (d * d + sigmaData * sigmaData);
}

/** c_out(σ) = σ_data·(σ − σ_min) / √(σ_data² + σ²): 0 at σ = σ_min (the boundary condition). */
export function consistencyOut(sigma: number, sigmaMin: number, sigmaData = SIGMA_DATA): number {
  checkSigma(sigma, sigmaMin, 'consistencyOut');
  return (sigmaData * (sigma - sigmaMin)) / Math.sqrt(sigmaData * sigmaData + sigma * sigma);
}
