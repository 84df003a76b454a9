import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What the compiled addon (native/udm_native.cc) exports. */
export interface NativeAddon {
  /**
   * For each of `batch` products: c[i·strideC …] = op(a[i·strideA …]) · op(b[i·strideB …]) with row-major
   * m×k, k×n operands (k×m, n×k where transposed); a stride of 0 broadcasts that operand.
   */
  gemm(
    transposeA: boolean,
    transposeB: boolean,
    batch: number,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    strideA: number,
    b: Float32Array,
    strideB: number,
    c: Float32Array,
    strideC: number,
  ): void;
  /** In place on rows of `n`: adds `bias` (length n or 1, or null) and applies activation `code`. */
  biasActivation(c: Float32Array, n: number, bias: Float32Array | null, code: number, alpha: number): void;
  /**
   * c = a op b (op 0 add, 1 sub, 2 mul, 3 div) with broadcasting; `plan` is [rank, dims…, stridesA…, stridesB…]
   * in elements, a stride of 0 repeating that operand along the dimension.
   */
  binary(op: number, plan: Int32Array, a: Float32Array, b: Float32Array, c: Float32Array): void;
  /** x viewed as [outer, reduce, inner]: out[o, i] = Σ_r x[o, r, i] (accumulated in double). */
  sumMiddle(x: Float32Array, outer: number, reduce: number, inner: number, out: Float32Array): void;
  /**
   * 2-D convolution, NHWC, filter [kh, kw, ci, co], by im2col + SGEMM. `geometry` holds
   * [b, h, w, c, kh, kw, co, oh, ow, strideH, strideW, padTop, padLeft, dilationH, dilationW].
   */
  conv2d(geometry: Int32Array, x: Float32Array, filter: Float32Array, y: Float32Array): void;
  conv2dBackpropFilter(geometry: Int32Array, x: Float32Array, dy: Float32Array, dFilter: Float32Array): void;
  conv2dBackpropInput(geometry: Int32Array, dy: Float32Array, filter: Float32Array, dx: Float32Array): void;
  /**
   * One tfjs Adam step in one pass: writes newValue, newM, newV from value, m, v, g (all the same length);
   * `params` = [β1, β2, 1 − β1^t, 1 − β2^t, ε, learning rate].
   */
  adam(
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    newValue: Float32Array,
    newM: Float32Array,
    newV: Float32Array,
    params: Float64Array,
  ): void;
  /**
   * Multi-head attention without mask on rows with heads interleaved (`dims` = [n, l, heads, dh]; q, k, v, y
   * [n, l, heads·dh]): P = softmax(scale·Q·Kᵀ) per (sample, head) by rows into p [n, heads, l, l], y = P·V.
   */
  attention(
    dims: Int32Array,
    scale: number,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    y: Float32Array,
    p: Float32Array,
  ): void;
  /** The gradient of `attention` (same dims and scale) for dy, from q, k, v and the kept p: writes dq, dk, dv. */
  attentionGrad(
    dims: Int32Array,
    scale: number,
    dy: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    p: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
  ): void;
  /** y = x·σ(βx) (same lengths; β default 1: SiLU, 1.702: the "quick GELU"). */
  silu(x: Float32Array, y: Float32Array, beta?: number): void;
  /** dx = dy·σ(βx)·(1 + βx·(1 − σ(βx))) (same lengths; β default 1). */
  siluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, beta?: number): void;
  /**
   * GroupNorm of channels-last x viewed as [b, hw, c] (`dims` = [b, hw, c, groups, silu 0/1]): y = silu?((x − μ)·inv·γ
   * + β) per (sample, group), writing μ and inv = 1/√(var + ε) [b, groups]; statistics in double.
   */
  groupNorm(
    dims: Int32Array,
    epsilon: number,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    inv: Float32Array,
  ): void;
  /** The gradient of `groupNorm` (same dims) for the output gradient dy: writes dx, dγ, dβ. */
  groupNormGrad(
    dims: Int32Array,
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    mean: Float32Array,
    inv: Float32Array,
    dx: Float32Array,
    dGamma: Float32Array,
    dBeta: Float32Array,
  ): void;
  /**
   * y = act(x·W + b) for x [m, k], W [k, n], b [n] (`dims` = [m, k, n, act], act 0 linear, 1 relu, 2 silu), writing
   * the pre-activation z where given (silu needs it).
   */
  dense(
    dims: Int32Array,
    x: Float32Array,
    w: Float32Array,
    b: Float32Array | null,
    y: Float32Array,
    z: Float32Array | null,
  ): void;
  /** The gradients of `dense` (same dims) for dy: dx [m, k], dW [k, n], db [n]. */
  denseGrad(
    dims: Int32Array,
    dy: Float32Array,
    x: Float32Array,
    w: Float32Array,
    y: Float32Array,
    z: Float32Array | null,
    dx: Float32Array,
    dw: Float32Array,
    db: Float32Array,
  ): void;
  info(): NativeAddonInfo;
  /** OpenBLAS thread count (no effect on the fallback). */
  setThreads(n: number): void;
}

export interface NativeAddonInfo {
  /** 'openblas' when libopenblas was loaded at run time, else 'fallback' (portable C++ loops). */
  blas: 'openblas' | 'fallback';
  library: string;
  threads: number;
  /** Why OpenBLAS was not loaded (empty when it was). */
  loadError: string;
}

export type AddonLoad = { ok: true; addon: NativeAddon; path: string } | { ok: false; reason: string };

// From src/ (tests, via the vitest alias) and from dist/ (the built package) alike.
const CANDIDATES = ['../dist/udm_native.node', './udm_native.node'];
let cached: AddonLoad | undefined;

/** Loads the addon once; never throws: an unavailable addon comes back with the reason. */
export function loadAddon(): AddonLoad {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const paths = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))).filter((p) =>
    existsSync(p),
  );
  if (paths.length === 0) {
    cached = {
      ok: false,
      reason:
        'the native addon is not built (dist/udm_native.node missing): run `npm run build -w @udm/backend-native` (needs g++ and Node headers)',
    };
    return cached;
  }
  try {
    cached = { ok: true, addon: require(paths[0]!) as NativeAddon, path: paths[0]! };
  } catch (error) {
    cached = { ok: false, reason: `loading ${paths[0]} failed: ${(error as Error).message.split('\n')[0]}` };
  }
  return cached;
}

/** The addon, or an error that says why it is unavailable. */
export function requireAddon(): NativeAddon {
  const load = loadAddon();
  if (!load.ok) throw new Error(`@udm/backend-native: ${load.reason}`);
  return load.addon;
}
