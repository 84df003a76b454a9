import { describe, expect, it } from 'vitest';
import { ReplayRng } from './replay-rng.js';
import { SeededRng } from './seeded-rng.js';

describe('ReplayRng', () => {
  it('returns the supplied normals in order, across arrays and in pieces', () => {
    const r = new ReplayRng([[1, 2, 3], [4, 5], [6]]);
    expect(r.remaining).toBe(3);
    expect(Array.from(r.normals(2))).toEqual([1, 2]);
    expect(Array.from(r.normals(1))).toEqual([3]);
    expect(r.remaining).toBe(2);
    expect(Array.from(r.normals(2))).toEqual([4, 5]);
    expect(Array.from(r.normals(1))).toEqual([6]);
    expect(r.remaining).toBe(0);
  });

  it('keeps float64 values exactly', () => {
    const v = [0.1, Math.PI, -1e-300];
    expect(Array.from(new ReplayRng([v]).normals(3))).toEqual(v);
  });

  it('does not alias the caller’s arrays', () => {
    const src = new Float64Array([1, 2]);
    const r = new ReplayRng([src]);
    src[0] = 99;
    expect(Array.from(r.normals(2))).toEqual([1, 2]);
  });

  it('throws clearly when the supplied noise is exhausted', () => {
    const r = new ReplayRng([[1]]);
    r.normals(1);
    expect(() => r.normals(1)).toThrow(/ReplayRng: asked for 1 normals but the supplied noise is exhausted/);
    expect(() => new ReplayRng([]).normals(2)).toThrow(/exhausted/);
  });

  it('throws when a request would span two supplied arrays', () => {
    const r = new ReplayRng([[1, 2], [3]]);
    r.normals(1);
    expect(() => r.normals(2)).toThrow(/asked for 2 normals but the next supplied array has 1 left/);
  });

  it('refuses uniform draws without a fallback', () => {
    const r = new ReplayRng([[1]]);
    expect(() => r.uniform()).toThrow(/no fallback/);
    expect(() => r.uniforms(3)).toThrow(/no fallback/);
    expect(() => r.int(3)).toThrow(/no fallback/);
    expect(() => r.getState()).toThrow(/no fallback/);
  });

  it('delegates uniform draws and state to the fallback', () => {
    const fallback = new SeededRng(5);
    const twin = new SeededRng(5);
    const r = new ReplayRng([[7, 8]], fallback);
    expect(r.uniform()).toBe(twin.uniform());
    expect(Array.from(r.uniforms(3))).toEqual(Array.from(twin.uniforms(3)));
    expect(r.int(10)).toBe(twin.int(10));
    // Normals still come from the supplied list, not the fallback.
    expect(Array.from(r.normals(2))).toEqual([7, 8]);
    expect(r.getState()).toEqual(twin.getState());
    const s = r.getState();
    const next = r.uniform();
    r.setState(s);
    expect(r.uniform()).toBe(next);
  });
});
