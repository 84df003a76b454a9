import type { TimeDomain } from './time-domain.js';

/** One move of the sampler: from time t to an earlier time s (s may be the domain's origin). */
export interface StepPair {
  readonly t: number;
  readonly s: number;
}

/**
 * A time grid chooses the `steps` times the sampler visits, from the noisiest down. The sampler moves from each
 * time to the next one, and from the last to the origin, so skipped steps (s < t − 1) are the normal case.
 */
export interface TimeGrid {
  times(domain: TimeDomain, steps: number): number[];
}

/** Consecutive pairs of a descending grid, ending at the domain's origin. */
export function stepPairs(domain: TimeDomain, times: readonly number[]): StepPair[] {
  const pairs: StepPair[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const s = i + 1 < times.length ? times[i + 1]! : domain.origin;
    domain.check(t, `time grid[${i}]`);
    if (!(s < t)) throw new RangeError(`time grid: expected strictly decreasing times, got ${t} then ${s}`);
    pairs.push({ t, s });
  }
  return pairs;
}
