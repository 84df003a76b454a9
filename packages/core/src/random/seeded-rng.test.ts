import { describe, expect, it } from 'vitest';
import { SeededRng } from './seeded-rng.js';

const N = 100_000;

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

function variance(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return s / (a.length - 1);
}

describe('SeededRng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = new SeededRng(42);
    const b = new SeededRng(42);
    expect(Array.from(a.uniforms(1000))).toEqual(Array.from(b.uniforms(1000)));
    expect(Array.from(a.normals(1001))).toEqual(Array.from(b.normals(1001)));
    const ia = Array.from({ length: 100 }, () => a.int(17));
    const ib = Array.from({ length: 100 }, () => b.int(17));
    expect(ia).toEqual(ib);
  });

  it('gives different sequences for different seeds', () => {
    const seeds = [0, 1, 2, 3, 42, 1234567, 2 ** 31, 2 ** 32 - 1];
    const firsts = seeds.map((s) => Array.from(new SeededRng(s).uniforms(8)).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
    // Consecutive seeds do not give shifted copies of each other's stream.
    const a = new SeededRng(7).uniforms(64);
    const b = new SeededRng(8).uniforms(64);
    const shared = Array.from(a).filter((v) => Array.from(b).includes(v));
    expect(shared.length).toBe(0);
  });

  it('seeds that agree in their low 32 bits still give different streams', () => {
    const pairs: Array<[number, number]> = [
      [1, 2 ** 32],
      [0, 2 ** 32 + 1],
      [5, 2 ** 33 + 5],
      [2 ** 32, 2 ** 33],
    ];
    for (const [a, b] of pairs) {
      expect(Array.from(new SeededRng(a).uniforms(4))).not.toEqual(Array.from(new SeededRng(b).uniforms(4)));
    }
  });

  it('implements xoshiro128** (checked against the reference algorithm from the state [1, 2, 3, 4])', () => {
    // Reference: https://prng.di.unimi.it/xoshiro128starstar.c, written here with BigInt arithmetic mod 2^32.
    const M = 0xffffffffn;
    const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
    const s = [1n, 2n, 3n, 4n];
    const nextRef = (): number => {
      const result = (rotl((s[1]! * 5n) & M, 7n) * 9n) & M;
      const t = (s[1]! << 9n) & M;
      s[2]! ^= s[0]!;
      s[3]! ^= s[1]!;
      s[1]! ^= s[2]!;
      s[0]! ^= s[3]!;
      s[2]! ^= t;
      s[3] = rotl(s[3]!, 11n);
      return Number(result);
    };
    const words = Array.from({ length: 20 }, nextRef);
    // The first outputs of the reference generator from this state, worked out by hand.
    expect(words.slice(0, 3)).toEqual([11520, 0, 5927040]);

    const r = new SeededRng(0);
    r.setState({ kind: r.getState().kind, words: [1, 2, 3, 4] });
    // A uniform takes 27 bits of one word and 26 of the next: (a >>> 5)·2^26 + (b >>> 6), over 2^53.
    for (let i = 0; i < 10; i++) {
      const a = words[2 * i]!;
      const b = words[2 * i + 1]!;
      expect(r.uniform()).toBe(((a >>> 5) * 2 ** 26 + (b >>> 6)) / 2 ** 53);
    }
  });

  it('accepts large safe-integer seeds', () => {
    const r = new SeededRng(Number.MAX_SAFE_INTEGER);
    const u = r.uniform();
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  });

  it.each([-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, '3' as unknown as number])(
    'rejects the invalid seed %s',
    (seed) => {
      expect(() => new SeededRng(seed)).toThrow(RangeError);
      expect(() => new SeededRng(seed)).toThrow(/seed: expected a non-negative safe integer/);
    },
  );

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const u = new SeededRng(1).uniforms(N);
    let min = Infinity;
    let max = -Infinity;
    for (const v of u) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard errors: mean σ/√n with σ² = 1/12; sample variance √((μ4 − σ⁴)/n) with μ4 = 1/80.
    const seMean = Math.sqrt(1 / 12 / N);
    const seVar = Math.sqrt((1 / 80 - 1 / 144) / N);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(5 * seMean);
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(5 * seVar);
    // Both halves of the unit interval are reached near their ends.
    expect(min).toBeLessThan(1e-3);
    expect(max).toBeGreaterThan(1 - 1e-3);
  });

  it('uniform() and uniforms(n) draw from the same stream', () => {
    const a = new SeededRng(5);
    const b = new SeededRng(5);
    const one = [a.uniform(), a.uniform(), a.uniform()];
    expect(one).toEqual(Array.from(b.uniforms(3)));
  });

  it('draws normals with mean 0 and standard deviation 1', () => {
    const z = new SeededRng(2).normals(N);
    for (const v of z) expect(Number.isFinite(v)).toBe(true);
    // SE of the mean is 1/√n; SE of the sample variance is √(2/n) for a normal, so SE of the std is ≈ √(1/(2n)).
    expect(Math.abs(mean(z))).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(variance(z)) - 1)).toBeLessThan(5 * Math.sqrt(1 / (2 * N)));
    // Tails: P(|Z| > 2) = 0.0455; binomial SE √(p(1−p)/n).
    const p = 0.0455;
    const tail = Array.from(z).filter((v) => Math.abs(v) > 2).length / N;
    expect(Math.abs(tail - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    // Symmetry: P(Z > 0) = 1/2.
    const pos = Array.from(z).filter((v) => v > 0).length / N;
    expect(Math.abs(pos - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });

  it('consecutive normals are uncorrelated (including the Box–Muller pairs)', () => {
    const z = new SeededRng(3).normals(N);
    let s = 0;
    for (let i = 0; i + 1 < N; i += 2) s += z[i]! * z[i + 1]!;
    const corr = s / (N / 2);
    expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(N / 2));
  });

  it('int(n) stays in {0, …, n−1} and is roughly uniform', () => {
    const r = new SeededRng(4);
    const k = 10;
    const counts = new Array<number>(k).fill(0);
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const v = r.int(k);
      if (!Number.isInteger(v) || v < 0 || v >= k) outside++;
      else counts[v]!++;
    }
    expect(outside).toBe(0);
    const expected = N / k;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    // χ² with 9 degrees of freedom: the 99.9% quantile is 27.88.
    expect(chi2).toBeLessThan(27.88);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('int(1) is always 0 and int(n) reaches both ends for a large n', () => {
    const r = new SeededRng(9);
    for (let i = 0; i < 100; i++) expect(r.int(1)).toBe(0);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(r.int(3));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it.each([0, -3, 1.5, NaN, Infinity])('int(%s) throws', (n) => {
    expect(() => new SeededRng(0).int(n)).toThrow(/n: expected a positive integer/);
  });

  it('getState/setState resumes exactly mid-stream, including the cached Box–Muller spare', () => {
    const r = new SeededRng(11);
    r.uniforms(5);
    r.normals(3); // odd: the second value of the last pair is cached
    const state = r.getState();
    expect(state.words.length).toBe(6); // 4 state words + the spare as two words
    const json = JSON.parse(JSON.stringify(state)) as typeof state;
    const after = [...r.normals(7), ...r.uniforms(4), r.int(1000), ...r.normals(2)];

    r.setState(json);
    const again = [...r.normals(7), ...r.uniforms(4), r.int(1000), ...r.normals(2)];
    expect(again).toEqual(after);

    // A fresh generator with another seed resumes identically from the same state.
    const other = new SeededRng(999);
    other.normals(1);
    other.setState(json);
    expect([...other.normals(7), ...other.uniforms(4), other.int(1000), ...other.normals(2)]).toEqual(after);
  });

  it('the spare is what the next normal returns', () => {
    // With a spare cached, the next normal must come from the cache and not advance the uniform stream.
    const r = new SeededRng(12);
    r.normals(1);
    const s1 = r.getState();
    const copy = new SeededRng(0);
    copy.setState(s1);
    copy.normals(1); // consumes only the spare
    const s2 = copy.getState();
    expect(s2.words.length).toBe(4);
    expect(s2.words).toEqual(s1.words.slice(0, 4));
  });

  it('an even number of normals leaves no spare (4-word state), and restoring it clears a spare', () => {
    const r = new SeededRng(13);
    r.normals(4);
    const even = r.getState();
    expect(even.words.length).toBe(4);
    const next = Array.from(r.normals(3));
    const q = new SeededRng(13);
    q.normals(1); // q now holds a spare
    q.setState(even);
    expect(Array.from(q.normals(3))).toEqual(next);
  });

  it('setState rejects a state of another kind or size', () => {
    const r = new SeededRng(0);
    expect(() => r.setState({ kind: 'mt19937', words: [1, 2, 3, 4] })).toThrow(/rng state/);
    expect(() => r.setState({ kind: r.getState().kind, words: [1, 2, 3] })).toThrow(/4 or 6 words/);
  });
});
