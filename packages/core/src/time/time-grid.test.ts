import { describe, expect, it } from 'vitest';
import { LinspaceGrid } from './grids.js';
import { ContinuousTime, DiscreteTime } from './time-domain.js';
import { stepPairs } from './time-grid.js';

describe('stepPairs', () => {
  it('pairs consecutive times and ends at the discrete origin −1', () => {
    expect(stepPairs(new DiscreteTime(1000), [999, 500, 0])).toEqual([
      { t: 999, s: 500 },
      { t: 500, s: 0 },
      { t: 0, s: -1 },
    ]);
  });

  it('ends at the continuous origin 0', () => {
    const pairs = stepPairs(new ContinuousTime(), [1, 0.5]);
    expect(pairs).toEqual([
      { t: 1, s: 0.5 },
      { t: 0.5, s: 0 },
    ]);
  });

  it('gives one pair per grid time, each moving strictly down', () => {
    const d = new DiscreteTime(1000);
    const times = new LinspaceGrid().times(d, 50);
    const pairs = stepPairs(d, times);
    expect(pairs.length).toBe(50);
    pairs.forEach((p, i) => {
      expect(p.t).toBe(times[i]);
      expect(p.s).toBeLessThan(p.t);
      if (i + 1 < pairs.length) expect(pairs[i + 1]!.t).toBe(p.s);
    });
    expect(pairs.at(-1)!.s).toBe(-1);
  });

  it('rejects non-decreasing lists', () => {
    const d = new DiscreteTime(1000);
    expect(() => stepPairs(d, [500, 500])).toThrow(
      'time grid: expected strictly decreasing times, got 500 then 500',
    );
    expect(() => stepPairs(d, [100, 200])).toThrow(/strictly decreasing.*got 100 then 200/);
    // A grid that reaches the origin itself cannot move further.
    expect(() => stepPairs(d, [10, -1])).toThrow(/got -1 then -1/);
    expect(() => stepPairs(new ContinuousTime(), [0.5, 0])).toThrow(/strictly decreasing/);
  });

  it('rejects times outside the domain, naming the index', () => {
    expect(() => stepPairs(new DiscreteTime(10), [12, 5])).toThrow(/time grid\[0\]/);
    expect(() => stepPairs(new ContinuousTime(), [0.5, -0.1])).toThrow(
      /time grid\[1\]: expected a time in \[0, 1\], got -0.1/,
    );
    expect(() => stepPairs(new ContinuousTime(), [0.5, NaN])).toThrow(RangeError);
  });

  it('an empty list gives no pairs', () => {
    expect(stepPairs(new DiscreteTime(10), [])).toEqual([]);
  });
});
