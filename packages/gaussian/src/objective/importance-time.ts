import { describeCapability, DISCRETE_TIME, type Rng, type TimeDomain } from '@udm/core';
import type { TimeDistribution } from './time-distribution.js';

/**
 * Importance sampling of the VLB's times (Nichol & Dhariwal 2021, § 3.3): p_t ∝ √E[L_t²] over the last `history`
 * losses of each discrete time t, mixed with a little uniform; uniform until every time has a full history. The
 * loss is multiplied by 1/(T·p_t), so it stays an unbiased estimate of the uniform-time objective.
 */
export class ImportanceTime implements TimeDistribution {
  readonly kind = 'importance';
  private readonly T: number;
  private readonly losses: Float64Array;
  private readonly counts: Int32Array;
  private probs: Float64Array | undefined;
  private cumulative: Float64Array | undefined;

  constructor(
    domain: TimeDomain,
    readonly history: number,
    readonly uniformMix: number,
  ) {
    if (domain.kind !== 'discrete') {
      throw new RangeError(`time "importance": needs ${describeCapability(DISCRETE_TIME)}`);
    }
    this.T = domain.tMax + 1;
    this.losses = new Float64Array(this.T * history);
    this.counts = new Int32Array(this.T);
  }

  /** Whether every time has a full history (before that, times are uniform). */
  get warmedUp(): boolean {
    return this.probs !== undefined;
  }

  /** p_t (float64, sums to 1): uniform until warmed up. */
  probabilities(): Float64Array {
    return this.probs ? this.probs.slice() : new Float64Array(this.T).fill(1 / this.T);
  }

  sample(batch: number, rng: Rng): Float64Array {
    const cdf = this.cumulative;
    if (!cdf) {
      const out = new Float64Array(batch);
      for (let i = 0; i < batch; i++) out[i] = rng.int(this.T);
      return out;
    }
    return rng.uniforms(batch).map((u) => {
      let lo = 0;
      let hi = this.T - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    });
  }

  correction(t: Float64Array): Float64Array {
    const p = this.probs;
    return p ? t.map((v) => 1 / (this.T * p[v]!)) : new Float64Array(t.length).fill(1);
  }

  /** The loss history (float64, exact in JSON), for checkpoints: resuming with it continues the same draws. */
  getState(): { readonly losses: number[]; readonly counts: number[] } {
    return { losses: Array.from(this.losses), counts: Array.from(this.counts) };
  }

  /** Restores `getState()`'s history (checked: lengths T·history and T, finite losses, counts ≥ 0). */
  setState(state: unknown): void {
    const s = state as { losses?: unknown; counts?: unknown } | null;
    const h = this.history;
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    if (
      !Array.isArray(s?.losses) ||
      s.losses.length !== this.T * h ||
      !s.losses.every(finite) ||
      !Array.isArray(s.counts) ||
      s.counts.length !== this.T ||
      !s.counts.every((c: unknown) => Number.isSafeInteger(c) && (c as number) >= 0)
    ) {
      throw new Error(
        `time "importance": state: expected { losses: ${this.T * h} finite numbers, counts: ${this.T} integers ≥ 0 }`,
      );
    }
    this.losses.set(s.losses as number[]);
    this.counts.set(s.counts as number[]);
    this.probs = undefined;
    this.cumulative = undefined;
    if (this.counts.every((c) => c >= h)) this.update();
  }

  observe(t: Float64Array, losses: Float64Array): void {
    const h = this.history;
    for (let i = 0; i < t.length; i++) {
      const k = t[i]!;
      const n = this.counts[k]!;
      // A ring buffer of the last h losses of time k.
      this.losses[k * h + (n % h)] = losses[i]!;
      this.counts[k] = n + 1;
    }
    if (this.probs || this.counts.every((c) => c >= h)) this.update();
  }

  private update(): void {
    const h = this.history;
    const w = new Float64Array(this.T);
    let total = 0;
    for (let k = 0; k < this.T; k++) {
      let sq = 0;
      for (let j = 0; j < h; j++) sq += this.losses[k * h + j]! ** 2;
      w[k] = Math.sqrt(sq / h);
      total += w[k]!;
    }
    const mix = this.uniformMix;
    const probs = w.map((v) => (total > 0 ? (1 - mix) * (v / total) + mix / this.T : 1 / this.T));
    const cdf = new Float64Array(this.T);
    let acc = 0;
    for (let k = 0; k < this.T; k++) cdf[k] = acc += probs[k]!;
    cdf[this.T - 1] = 1;
    this.probs = probs;
    this.cumulative = cdf;
  }
}
