import { describe, expect, it } from 'vitest';
import { ExplicitGrid, LeadingGrid, LinspaceGrid, TrailingGrid } from './grids.js';
import { ContinuousTime, DiscreteTime } from './time-domain.js';

const T1000 = new DiscreteTime(1000);
const unit = new ContinuousTime();

// Expected grids below were produced with NumPy, following diffusers' `set_timesteps`:
//   leading:  (np.arange(0, n) * (T // n)).round()[::-1] + steps_offset
//   trailing: np.round(np.arange(T, 0, -T / n)) - 1
//   linspace: np.linspace(0, T - 1, n).round()[::-1]
describe('LeadingGrid', () => {
  it('T = 1000, n = 10 → 900, 800, …, 0', () => {
    expect(new LeadingGrid().times(T1000, 10)).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
  });

  it('steps_offset = 1 → 901, 801, …, 1', () => {
    expect(new LeadingGrid(1).times(T1000, 10)).toEqual([901, 801, 701, 601, 501, 401, 301, 201, 101, 1]);
  });

  it('uses ⌊T/n⌋ when n does not divide T', () => {
    expect(new LeadingGrid(1).times(T1000, 3)).toEqual([667, 334, 1]);
    expect(new LeadingGrid().times(new DiscreteTime(10), 3)).toEqual([6, 3, 0]);
  });

  it('n = T visits every time', () => {
    const g = new LeadingGrid().times(new DiscreteTime(50), 50);
    expect(g).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
  });

  it('needs a discrete-time process', () => {
    expect(() => new LeadingGrid().times(unit, 10)).toThrow(/grid "leading": needs a discrete-time process/);
  });
});

describe('TrailingGrid', () => {
  it('T = 1000, n = 10 → 999, 899, …, 99', () => {
    expect(new TrailingGrid().times(T1000, 10)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
  });

  it('rounds halves to even like NumPy (T = 1000, n = 16)', () => {
    expect(new TrailingGrid().times(T1000, 16)).toEqual([
      999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61,
    ]);
  });

  it('needs a discrete-time process', () => {
    expect(() => new TrailingGrid().times(unit, 10)).toThrow(/grid "trailing"/);
  });
});

describe('LinspaceGrid', () => {
  it('T = 1000, n = 10 → 999, 888, …, 0', () => {
    expect(new LinspaceGrid().times(T1000, 10)).toEqual([999, 888, 777, 666, 555, 444, 333, 222, 111, 0]);
  });

  it('rounds halves to even like NumPy (n = 7 and n = 25)', () => {
    expect(new LinspaceGrid().times(T1000, 7)).toEqual([999, 832, 666, 500, 333, 166, 0]);
    expect(new LinspaceGrid().times(T1000, 25)).toEqual([
      999, 957, 916, 874, 832, 791, 749, 708, 666, 624, 583, 541, 500, 458, 416, 375, 333, 291, 250, 208, 166,
      125, 83, 42, 0,
    ]);
  });

  it('a single step starts at the noisiest time', () => {
    expect(new LinspaceGrid().times(T1000, 1)).toEqual([999]);
  });

  it('continuous: tMax − k·(tMax − origin)/n', () => {
    const g = new LinspaceGrid().times(unit, 4);
    expect(g).toEqual([1, 0.75, 0.5, 0.25]);
    const g2 = new LinspaceGrid().times(new ContinuousTime(0.001, 2), 5);
    const expected = [2, 1.6, 1.2, 0.8, 0.4];
    g2.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('continuous grids are strictly decreasing and stay above the origin', () => {
    const g = new LinspaceGrid().times(unit, 1000);
    expect(g.length).toBe(1000);
    for (let i = 1; i < g.length; i++) expect(g[i]!).toBeLessThan(g[i - 1]!);
    expect(g[g.length - 1]!).toBeGreaterThan(0);
  });
});

describe('step-count validation', () => {
  const grids = [new LeadingGrid(), new TrailingGrid(), new LinspaceGrid()];

  it.each(grids.map((g) => [g.constructor.name, g] as const))(
    '%s rejects more steps than T, naming `steps`',
    (_n, g) => {
      expect(() => g.times(T1000, 1001)).toThrow(RangeError);
      expect(() => g.times(T1000, 1001)).toThrow(/^steps: expected at most T = 1000 steps.*got 1001/);
      expect(() => g.times(T1000, 1000)).not.toThrow();
    },
  );

  it.each([0, -1, 2.5, NaN])('rejects steps = %s', (n) => {
    for (const g of grids) expect(() => g.times(T1000, n)).toThrow(/^steps: expected a positive integer/);
  });

  it('continuous time has no upper bound on steps', () => {
    expect(new LinspaceGrid().times(unit, 5000).length).toBe(5000);
  });
});

describe('ExplicitGrid', () => {
  it('returns the list (a copy)', () => {
    const list = [999, 500, 10];
    const g = new ExplicitGrid(list).times(T1000, 3);
    expect(g).toEqual([999, 500, 10]);
    g[0] = 1;
    expect(new ExplicitGrid(list).times(T1000, 3)).toEqual([999, 500, 10]);
  });

  it('requires steps to equal the list length', () => {
    expect(() => new ExplicitGrid([999, 500]).times(T1000, 3)).toThrow(
      'steps: expected 2 (the length of the explicit time list), got 3',
    );
  });

  it('validates each entry against the domain, naming its index', () => {
    expect(() => new ExplicitGrid([999, 1000]).times(T1000, 2)).toThrow(
      /timesteps\[1\]: expected an integer time in \[-1, 999\], got 1000/,
    );
    expect(() => new ExplicitGrid([999, 2.5]).times(T1000, 2)).toThrow(/timesteps\[1\]/);
    expect(() => new ExplicitGrid([1.5, 0.5]).times(unit, 2)).toThrow(
      /timesteps\[0\]: expected a time in \[0, 1\], got 1.5/,
    );
    expect(new ExplicitGrid([0.9, 0.1]).times(unit, 2)).toEqual([0.9, 0.1]);
  });
});
