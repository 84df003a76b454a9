import { describe, expect, it } from 'vitest';
import { SeededRng } from './seeded-rng.js';

/** States read from a file are untrusted: ones that would hang or poison every draw are refused. */
describe('SeededRng.setState with a crafted state', () => {
  it('refuses the all-zero xoshiro state (every draw would be 0 and a normal draw would never end)', () => {
    const r = new SeededRng(1);
    expect(() => r.setState({ kind: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(
      /rng state: the four xoshiro128\*\* words are all 0/,
    );
    // 2^32 wraps to 0 with `>>> 0`: the same fixed point, also refused
    expect(() => r.setState({ kind: 'xoshiro128**', words: [2 ** 32, 0, 0, 0] })).toThrow(/all 0/);
    // the generator is unchanged by a refused state
    expect(r.getState()).toEqual(new SeededRng(1).getState());
    expect(Number.isFinite(r.normals(3)[0])).toBe(true);
  });

  it('refuses a non-finite cached normal (the two spare words)', () => {
    const r = new SeededRng(2);
    const view = new DataView(new ArrayBuffer(8));
    for (const bad of [NaN, Infinity, -Infinity]) {
      view.setFloat64(0, bad);
      expect(() =>
        r.setState({ kind: 'xoshiro128**', words: [1, 2, 3, 4, view.getUint32(0), view.getUint32(4)] }),
      ).toThrow(
        /rng state: the cached normal \(words 4 and 5\) is (NaN|-?Infinity), expected a finite number/,
      );
    }
  });

  it('still accepts any state a generator produces, with or without a spare', () => {
    const r = new SeededRng(3);
    r.normals(1);
    const withSpare = r.getState();
    const q = new SeededRng(0);
    q.setState(withSpare);
    expect(Array.from(q.normals(4))).toEqual(Array.from(r.normals(4)));
  });
});
