import type { Rng } from '../random/rng.js';
import type { Time } from './time.js';

/**
 * Where t lives for a process. Discrete processes follow the diffusers convention: noisy levels t = 0..T−1 and
 * the clean data at `origin` = −1. Continuous processes use t ∈ [tMin, tMax] with the clean data at `origin`.
 */
export interface TimeDomain {
  readonly kind: 'discrete' | 'continuous';
  /** The noisiest time, where sampling starts (x_T ~ prior). */
  readonly tMax: number;
  /** The smallest noisy time. */
  readonly tMin: number;
  /** The clean end of the process: F_origin(x0, ε) = x0. */
  readonly origin: number;
  /** Draws training times t ~ p(t) (uniform over the domain). */
  sample(batch: number, rng: Rng): Float64Array;
  /** The value the network's time embedding receives for time t. */
  networkInput(t: Time, batch: number): Float32Array;
  /** Throws a RangeError naming `what` unless t is a valid time of this domain (the origin included). */
  check(t: number, what: string): void;
}

/** Integer times 0..T−1 (diffusers indexing), origin −1. */
export class DiscreteTime implements TimeDomain {
  readonly kind = 'discrete' as const;
  readonly tMin = 0;
  readonly origin = -1;
  readonly tMax: number;

  constructor(readonly T: number) {
    if (!Number.isInteger(T) || T < 1) throw new RangeError(`T: expected a positive integer, got ${T}`);
    this.tMax = T - 1;
  }

  sample(batch: number, rng: Rng): Float64Array {
    const out = new Float64Array(batch);
    for (let i = 0; i < batch; i++) out[i] = rng.int(this.T);
    return out;
  }

  networkInput(t: Time, batch: number): Float32Array {
    return typeof t === 'number' ? new Float32Array(batch).fill(t) : Float32Array.from(t);
  }

  check(t: number, what: string): void {
    if (!Number.isInteger(t) || t < this.origin || t > this.tMax) {
      throw new RangeError(`${what}: expected an integer time in [${this.origin}, ${this.tMax}], got ${t}`);
    }
  }
}

/** Real times in [tMin, tMax] (default [0, 1]); origin 0. The network sees 1000·t. */
export class ContinuousTime implements TimeDomain {
  readonly kind = 'continuous' as const;
  readonly origin = 0;

  constructor(
    readonly tMin = 0,
    readonly tMax = 1,
    private readonly networkScale = 1000,
  ) {
    if (!(tMin >= 0 && tMax > tMin && Number.isFinite(tMax))) {
      throw new RangeError(`time domain: expected 0 ≤ tMin < tMax < ∞, got [${tMin}, ${tMax}]`);
    }
  }

  sample(batch: number, rng: Rng): Float64Array {
    const u = rng.uniforms(batch);
    return u.map((v) => this.tMin + (this.tMax - this.tMin) * v);
  }

  networkInput(t: Time, batch: number): Float32Array {
    const s = this.networkScale;
    return typeof t === 'number' ? new Float32Array(batch).fill(t * s) : Float32Array.from(t, (v) => v * s);
  }

  check(t: number, what: string): void {
    if (!Number.isFinite(t) || t < this.origin || t > this.tMax) {
      throw new RangeError(`${what}: expected a time in [${this.origin}, ${this.tMax}], got ${t}`);
    }
  }
}
