import { betasFromAlphasCumprod, type BetaSchedule } from './beta-schedule.js';

/** A user-supplied ᾱ table (e.g. from a pretrained model); T must equal its length. */
export class AlphasCumprodTable implements BetaSchedule {
  private readonly table: Float64Array;

  constructor(values: readonly number[]) {
    this.table = Float64Array.from(values);
    this.table.forEach((a, i) => {
      if (!(a >= 0 && a <= 1) || (i > 0 && a > this.table[i - 1]!)) {
        throw new RangeError(`alphasCumprod[${i}]: expected a non-increasing value in [0, 1], got ${a}`);
      }
    });
  }

  betas(T: number): Float64Array {
    if (T !== this.table.length) {
      throw new RangeError(`T: expected ${this.table.length} (the length of the ᾱ table), got ${T}`);
    }
    return betasFromAlphasCumprod(this.table);
  }
}
