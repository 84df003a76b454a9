import { karrasSigmas } from '@udm/gaussian';

/**
 * The consistency models' discretisation of [σ_min, σ_max] (Song et al. 2023, after EDM):
 * σ_i = (σ_min^{1/ρ} + (i − 1)/(N − 1)·(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ for i = 1..N, ascending (index 0 is σ_1 =
 * σ_min, index N − 1 is σ_N = σ_max). Karras' grid read upwards; float64.
 */
export function consistencySigmas(n: number, sigmaMin: number, sigmaMax: number, rho = 7): Float64Array {
  if (!(Number.isInteger(n) && n >= 2))
    throw new RangeError(`consistencySigmas: N expected an integer ≥ 2, got ${n}`);
  if (!(rho > 0)) throw new RangeError(`consistencySigmas: ρ expected > 0, got ${rho}`);
  return Float64Array.from(karrasSigmas(n, sigmaMin, sigmaMax, rho).reverse());
}
