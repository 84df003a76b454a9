import { cosineAlphaBar } from '../cosine-schedule.js';
import type { ContinuousAlphaBar } from './continuous-alpha-bar.js';

/** The cosine schedule in continuous time: ᾱ(t) = cos²((t + s)/(1 + s)·π/2) / cos²(s/(1 + s)·π/2) (seed 003). */
export class CosineAlphaBar implements ContinuousAlphaBar {
  private readonly norm: number;

  constructor(readonly offset = 0.008) {
    if (!(offset >= 0)) throw new RangeError(`schedule.offset: expected a number ≥ 0, got ${offset}`);
    this.norm = cosineAlphaBar(0, offset);
  }

  alphaBar(t: number): number {
    return Math.min(1, cosineAlphaBar(t, this.offset) / this.norm);
  }

  dAlphaBar(t: number): number {
    const u = ((t + this.offset) / (1 + this.offset)) * (Math.PI / 2);
    return (-Math.sin(2 * u) * (Math.PI / 2)) / (1 + this.offset) / this.norm;
  }
}
