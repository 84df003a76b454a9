import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addon, maxRelError, skipReason, values } from './test-support/on-backends.js';

/** Row-major reference product op(a)·op(b) in double. */
function reference(
  ta: boolean,
  tb: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

describe.skipIf(!addon.ok)(`native addon${skipReason}`, () => {
  const native = addon.ok ? addon.addon : undefined!;

  it('gemm equals a double-precision reference for every transpose combination', () => {
    const [m, n, k] = [37, 19, 53];
    const a = values(m * k, 1);
    const b = values(k * n, 2);
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const c = new Float32Array(m * n);
        native.gemm(ta, tb, 1, m, n, k, a, 0, b, 0, c, 0);
        expect(maxRelError(c, reference(ta, tb, m, n, k, a, b))).toBeLessThan(1e-5);
      }
  });

  it('the portable fallback (UDM_NATIVE_BLAS=none) gives the same products', () => {
    const script = `
      const a = require(${JSON.stringify(addon.ok ? addon.path : '')});
      const m = 33, n = 140, k = 300, A = new Float32Array(m * k), B = new Float32Array(k * n);
      for (let i = 0; i < A.length; i++) A[i] = Math.sin(i);
      for (let i = 0; i < B.length; i++) B[i] = Math.cos(i);
      const out = [];
      for (const ta of [false, true]) for (const tb of [false, true]) {
        const C = new Float32Array(m * n); a.gemm(ta, tb, 1, m, n, k, A, 0, B, 0, C, 0); out.push(Array.from(C));
      }
      console.log(JSON.stringify({ info: a.info(), out }));`;
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { info: { blas: string }; out: number[][] };
    };
    const fallback = run({ UDM_NATIVE_BLAS: 'none' });
    expect(fallback.info.blas).toBe('fallback');
    const blas = run({});
    fallback.out.forEach((c, i) =>
      expect(maxRelError(Float32Array.from(c), Float32Array.from(blas.out[i]!))).toBeLessThan(1e-4),
    );
  });

  it('sumMiddle sums the middle axis of [outer, reduce, inner]', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i + 1); // [2, 3, 2]
    const out = new Float32Array(4);
    native.sumMiddle(x, 2, 3, 2, out);
    expect(Array.from(out)).toEqual([1 + 3 + 5, 2 + 4 + 6, 7 + 9 + 11, 8 + 10 + 12]);
  });

  it('rejects arrays too short for the sizes and non-float32 arrays, naming the function', () => {
    const c = new Float32Array(4);
    expect(() =>
      native.gemm(false, false, 1, 2, 2, 3, new Float32Array(5), 0, new Float32Array(6), 0, c, 0),
    ).toThrow(/gemm: a Float32Array is too short/);
    expect(() =>
      native.gemm(false, false, 1, 2, 2, 1, new Float64Array(2) as unknown as Float32Array, 0, c, 0, c, 0),
    ).toThrow(/gemm: a, b and c must be Float32Arrays/);
    expect(() => native.biasActivation(c, 2, new Float32Array(3), 0, 0)).toThrow(
      /bias length must be n or 1/,
    );
    expect(() => native.setThreads(0)).toThrow(/setThreads/);
  });
});
