import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { linearAssignment } from './linear-assignment.js';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

const costOf = (c: ArrayLike<number>, n: number, p: ArrayLike<number>) =>
  Array.from({ length: n }, (_, i) => c[i * n + p[i]!]!).reduce((a, b) => a + b, 0);

describe('linearAssignment (Hungarian)', () => {
  it('finds the optimum of brute force on random matrices up to 7×7, including ties and negative costs', () => {
    const rng = new SeededRng(4);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + (trial % 7);
      const c = Float64Array.from({ length: n * n }, () =>
        trial % 3 === 0 ? Math.floor(rng.uniform() * 4) : rng.uniform() * 10 - 5,
      );
      const p = linearAssignment(c, n);
      expect([...p].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      const best = Math.min(...permutations(n).map((q) => costOf(c, n, q)));
      expect(costOf(c, n, p)).toBeCloseTo(best, 9);
    }
  });

  it('rejects a cost matrix of the wrong size or with non-finite entries', () => {
    expect(() => linearAssignment([1, 2, 3], 2)).toThrow(/cost: expected 2×2 = 4 values, got 3/);
    expect(() => linearAssignment([1, NaN, 3, 4], 2)).toThrow(/cost\[1\]: expected a finite number/);
    expect(linearAssignment([], 0)).toEqual(new Int32Array(0));
  });
});
