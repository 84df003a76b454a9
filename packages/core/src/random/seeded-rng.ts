import type { Rng, RngState } from './rng.js';

const KIND = 'xoshiro128**';
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128** seeded through splitmix32. Uniforms use 53 random bits (two 32-bit words); normals use the
 * Box–Muller transform in float64, caching the second value of each pair (the cache is part of the state).
 */
export class SeededRng implements Rng {
  private s = new Uint32Array(4);
  private spare: number | undefined;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed: expected a non-negative safe integer, got ${String(seed)}`);
    }
    // Seeds below 2^32 seed the state from splitmix32(seed); the high bits of larger seeds are mixed into all four
    // words through a second stream, so that e.g. 1 and 2^32 do not give the same state.
    const hi = Math.floor(seed / TWO_POW_32);
    const next = splitmix32(seed % TWO_POW_32);
    const nextHi = splitmix32(hi ^ 0x5bd1e995);
    for (let i = 0; i < 4; i++) this.s[i] = hi === 0 ? next() : (next() ^ nextHi()) >>> 0;
  }

  private nextU32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const r = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    s[1] = (s1 ^ n2) >>> 0;
    s[0] = (s0 ^ n3) >>> 0;
    s[2] = (n2 ^ t) >>> 0;
    s[3] = rotl(n3, 11);
    return r;
  }

  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  uniforms(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform();
    return out;
  }

  private normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`n: expected a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  getState(): RngState {
    const words = Array.from(this.s);
    if (this.spare !== undefined) words.push(...float64ToWords(this.spare));
    return { kind: KIND, words };
  }

  setState(state: RngState): void {
    if (state.kind !== KIND || (state.words.length !== 4 && state.words.length !== 6)) {
      throw new Error(
        `rng state: expected kind "${KIND}" with 4 or 6 words, got kind "${state.kind}" with ${state.words.length}`,
      );
    }
    const words = state.words.slice(0, 4).map((w) => w >>> 0);
    // xoshiro's only fixed point: from an all-zero state every output is 0 (and a normal draw would never end).
    if (words.every((w) => w === 0))
      throw new Error('rng state: the four xoshiro128** words are all 0, which no seed produces');
    const spare = state.words.length === 6 ? wordsToFloat64(state.words[4]!, state.words[5]!) : undefined;
    if (spare !== undefined && !Number.isFinite(spare))
      throw new Error(`rng state: the cached normal (words 4 and 5) is ${spare}, expected a finite number`);
    for (let i = 0; i < 4; i++) this.s[i] = words[i]!;
    this.spare = spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function float64ToWords(x: number): [number, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return [view.getUint32(0), view.getUint32(4)];
}

function wordsToFloat64(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, a);
  view.setUint32(4, b);
  return view.getFloat64(0);
}
