import * as tf from '@tensorflow/tfjs';
import type { Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** The regression target NN(x_t, t) ≈ A_t·x0 + B_t·ε of a parameterization, one (A_t, B_t) per time (seed 004). */
export interface TargetCoefficients {
  readonly A: Float64Array;
  readonly B: Float64Array;
}

/** The space a loss weighting ω is stated in: the network's own output, ε or x0 (seed 004, § 5.3.1). */
export type WeightSpace = 'output' | 'epsilon' | 'x0';

export const WEIGHT_SPACES: readonly WeightSpace[] = ['output', 'epsilon', 'x0'];

/**
 * (A_t, B_t) of seed 004's table, read off the parameterization itself: its target is linear in (x0, ε), so
 * A_t = target(x0 = 1, ε = 0) and B_t = target(x0 = 0, ε = 1). Works for every parameterization, a user's too.
 */
export function targetCoefficients(
  parameterization: Parameterization,
  t: Float64Array,
  process: GaussianProcess,
): TargetCoefficients {
  const n = t.length;
  const read = (x0: number, eps: number): Float64Array => {
    const out = tf.tidy(() =>
      parameterization.fromPrediction({ x0: tf.fill([n, 1], x0), eps: tf.fill([n, 1], eps) }, t, process),
    );
    const values = Float64Array.from(out.dataSync());
    out.dispose();
    return values;
  };
  return { A: read(1, 0), B: read(0, 1) };
}

/**
 * r_S(t) with ‖NN − (A_t x0 + B_t ε)‖² = r_S(t)·‖Ŝ − S‖² for S = ε or x0 (1 for `output`). With ρ = α_t B_t − A_t σ_t:
 * ε̂ − ε = (α_t/ρ)(NN − target) and x̂0 − x0 = −(σ_t/ρ)(NN − target), so r_ε = (B_t − A_t σ_t/α_t)² and
 * r_x0 = (α_t B_t/σ_t − A_t)². E.g. x0-prediction: r_ε = σ²/α² = 1/SNR; score: r_ε = 1/σ²; v: r_x0 = (α² + σ²)²/σ².
 */
export function spaceFactor(
  space: WeightSpace,
  coefficients: TargetCoefficients,
  t: Float64Array,
  process: GaussianProcess,
): Float64Array {
  const { A, B } = coefficients;
  return t.map((v, i) => {
    const a = A[i]!;
    const b = B[i]!;
    if (space === 'output') return 1;
    const alpha = process.alpha(v);
    const sigma = process.sigma(v);
    // A product with a zero coefficient is zero even where the ratio it multiplies is infinite.
    if (space === 'epsilon') return (b - (a === 0 ? 0 : (a * sigma) / alpha)) ** 2;
    return ((b === 0 ? 0 : (alpha * b) / sigma) - a) ** 2;
  });
}
