import { OraclePredictor } from './oracle-predictor.js';
import type { AffineProcess } from './affine-process.js';

/**
 * The exact posterior mean for the empirical distribution of a finite data set {y_j}:
 * E[x0 | x_t] = Σ_j w_j·y_j with w_j ∝ exp(−‖x_t − α_t·y_j‖²/(2σ_t²)) (a softmax, computed stably in float64).
 */
export class FiniteSetOracle extends OraclePredictor {
  readonly size: number;
  private readonly logits: Float64Array;

  /** `data`: the examples, row-major [N, dim]. */
  constructor(
    process: AffineProcess,
    readonly data: Float64Array,
    dim: number,
  ) {
    super(process, dim);
    this.size = data.length / dim;
    if (!Number.isInteger(this.size) || this.size < 1) {
      throw new RangeError(`data: expected a non-empty multiple of dim = ${dim} values, got ${data.length}`);
    }
    this.logits = new Float64Array(this.size);
  }

  protected posteriorMeanInto(x: Float64Array, alpha: number, sigma: number, out: Float64Array): void {
    const { dim, data, logits } = this;
    let max = -Infinity;
    for (let j = 0; j < this.size; j++) {
      let d2 = 0;
      for (let d = 0; d < dim; d++) {
        const v = x[d]! - alpha * data[j * dim + d]!;
        d2 += v * v;
      }
      logits[j] = -d2 / (2 * sigma * sigma);
      if (logits[j]! > max) max = logits[j]!;
    }
    out.fill(0);
    let total = 0;
    for (let j = 0; j < this.size; j++) {
      const w = Math.exp(logits[j]! - max);
      total += w;
      for (let d = 0; d < dim; d++) out[d] = out[d]! + w * data[j * dim + d]!;
    }
    for (let d = 0; d < dim; d++) out[d] = out[d]! / total;
  }
}
