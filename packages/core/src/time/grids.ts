import type { TimeDomain } from './time-domain.js';
import type { TimeGrid } from './time-grid.js';

function checkSteps(domain: TimeDomain, steps: number): void {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`steps: expected a positive integer, got ${steps}`);
  if (domain.kind === 'discrete' && steps > domain.tMax + 1) {
    throw new RangeError(
      `steps: expected at most T = ${domain.tMax + 1} steps for a discrete process, got ${steps}`,
    );
  }
}

/** Rounds half to even, like NumPy's `np.round`, which diffusers uses to build its grids. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/** `leading` (diffusers): t = k·⌊T/n⌋ + offset for k = n−1..0; e.g. T=1000, n=10 → 900, 800, …, 0. */
export class LeadingGrid implements TimeGrid {
  constructor(private readonly stepsOffset = 0) {}

  times(domain: TimeDomain, steps: number): number[] {
    checkSteps(domain, steps);
    if (domain.kind !== 'discrete') throw new RangeError('grid "leading": needs a discrete-time process');
    const T = domain.tMax + 1;
    const ratio = Math.floor(T / steps);
    const out: number[] = [];
    const first = (steps - 1) * ratio + this.stepsOffset;
    if (first > domain.tMax) {
      throw new RangeError(
        `stepsOffset: the leading grid's first time (${steps - 1}·${ratio} + ${this.stepsOffset} = ${first}) exceeds T − 1 = ${domain.tMax}`,
      );
    }
    for (let k = steps - 1; k >= 0; k--) out.push(k * ratio + this.stepsOffset);
    return out;
  }
}

/** `trailing` (diffusers): round(T − k·T/n) − 1 for k = 0..n−1; e.g. T=1000, n=10 → 999, 899, …, 99. */
export class TrailingGrid implements TimeGrid {
  times(domain: TimeDomain, steps: number): number[] {
    checkSteps(domain, steps);
    if (domain.kind !== 'discrete') throw new RangeError('grid "trailing": needs a discrete-time process');
    const T = domain.tMax + 1;
    // As np.arange(T, 0, -T/n) computes it: start + k·delta with delta = (T − T/n) − T.
    const delta = T + -T / steps - T;
    const out: number[] = [];
    for (let k = 0; k < steps; k++) out.push(roundHalfEven(k === 1 ? T + -T / steps : T + k * delta) - 1);
    return out;
  }
}

/**
 * `linspace`: evenly spaced from tMax down. Discrete: round(linspace(0, T−1, n)) reversed (diffusers), e.g.
 * 999, 888, …, 0. Continuous: tMax − k·(tMax − origin)/n for k = 0..n−1.
 */
export class LinspaceGrid implements TimeGrid {
  times(domain: TimeDomain, steps: number): number[] {
    checkSteps(domain, steps);
    const out: number[] = [];
    if (domain.kind === 'discrete') {
      const last = domain.tMax;
      // As np.linspace(0, last, n) computes it (k·step, the end point exact), rounded half to even like np.round.
      const step = last / (steps - 1);
      for (let k = steps - 1; k >= 0; k--)
        out.push(steps === 1 || k === steps - 1 ? last : roundHalfEven(k * step));
      return out;
    }
    const span = domain.tMax - domain.origin;
    for (let k = 0; k < steps; k++) out.push(domain.tMax - (k * span) / steps);
    return out;
  }
}

/** An explicit, user-given list of times (descending); `steps` must equal its length. */
export class ExplicitGrid implements TimeGrid {
  constructor(private readonly list: readonly number[]) {}

  times(domain: TimeDomain, steps: number): number[] {
    if (steps !== this.list.length) {
      throw new RangeError(
        `steps: expected ${this.list.length} (the length of the explicit time list), got ${steps}`,
      );
    }
    this.list.forEach((t, i) => domain.check(t, `timesteps[${i}]`));
    return [...this.list];
  }
}
