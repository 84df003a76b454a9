// UDM native kernels for TensorFlow.js: SGEMM through OpenBLAS (loaded at run time with dlopen, so neither
// headers nor a link-time dependency are needed) with a portable blocked C++ fallback, plus the bias/activation
// epilogue of a fused matMul. Every function works on Float32Array views that JavaScript owns: no copies.
#include <node_api.h>
#include "napi_util.h"
#include "blas.h"
#include "attention_ops.h"
#include "dense_ops.h"
#include "fused_ops.h"
#include <dlfcn.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// cblas_sgemm's prototype (CBLAS enums as ints: RowMajor = 101, NoTrans = 111, Trans = 112).
typedef void (*SgemmFn)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a,
                        int lda, const float* b, int ldb, float beta, float* c, int ldc);
typedef void (*SetThreadsFn)(int);
typedef int (*GetThreadsFn)();

SgemmFn g_sgemm = nullptr;
SetThreadsFn g_setThreads = nullptr;
GetThreadsFn g_getThreads = nullptr;
std::string g_library;
std::string g_loadError;

void loadBlas() {
  const char* override_ = std::getenv("UDM_NATIVE_BLAS");
  std::vector<std::string> names;
  if (override_ != nullptr) {
    if (std::strcmp(override_, "none") == 0) {
      g_loadError = "UDM_NATIVE_BLAS=none";
      return;
    }
    names.push_back(override_);
  } else {
    names = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"};
  }
  for (const std::string& name : names) {
    void* h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* e = dlerror();
      g_loadError = e != nullptr ? e : name + ": dlopen failed";
      continue;
    }
    SgemmFn f = reinterpret_cast<SgemmFn>(dlsym(h, "cblas_sgemm"));
    if (f == nullptr) {
      g_loadError = name + ": no cblas_sgemm";
      dlclose(h);
      continue;
    }
    g_sgemm = f;
    g_setThreads = reinterpret_cast<SetThreadsFn>(dlsym(h, "openblas_set_num_threads"));
    g_getThreads = reinterpret_cast<GetThreadsFn>(dlsym(h, "openblas_get_num_threads"));
    g_library = name;
    const char* t = std::getenv("UDM_NATIVE_THREADS");
    int threads = t != nullptr ? std::atoi(t) : 1;
    if (g_setThreads != nullptr && threads >= 1) g_setThreads(threads);
    return;
  }
}

// ---- portable fallback: C = op(A)·op(B), row-major, blocked; the inner loop vectorizes ----
void fallbackSgemm(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, float beta) {
  std::vector<float> ap, bp;
  if (ta) {  // a is [k, m]: make it [m, k]
    ap.resize(size_t(m) * k);
    for (int p = 0; p < k; p++)
      for (int i = 0; i < m; i++) ap[size_t(i) * k + p] = a[size_t(p) * m + i];
    a = ap.data();
  }
  if (tb) {  // b is [n, k]: make it [k, n]
    bp.resize(size_t(k) * n);
    for (int j = 0; j < n; j++)
      for (int p = 0; p < k; p++) bp[size_t(p) * n + j] = b[size_t(j) * k + p];
    b = bp.data();
  }
  if (beta == 0.0f) std::fill(c, c + size_t(m) * n, 0.0f);
  const int KB = 128, NB = 512;
  for (int p0 = 0; p0 < k; p0 += KB) {
    const int p1 = std::min(k, p0 + KB);
    for (int j0 = 0; j0 < n; j0 += NB) {
      const int j1 = std::min(n, j0 + NB);
      for (int i = 0; i < m; i++) {
        float* __restrict ci = c + size_t(i) * n;
        const float* ai = a + size_t(i) * k;
        for (int p = p0; p < p1; p++) {
          const float av = ai[p];
          const float* __restrict bp_ = b + size_t(p) * n;
          for (int j = j0; j < j1; j++) ci[j] += av * bp_[j];
        }
      }
    }
  }
}

// c = op(a)·op(b) + beta·c with beta 0 or 1, row-major, leading dimensions implied by the sizes.
void sgemm(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, float beta = 0.0f) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (beta == 0.0f) std::fill(c, c + size_t(m) * n, 0.0f);
    return;
  }
  if (g_sgemm != nullptr) {
    g_sgemm(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, 1.0f, a, ta ? m : k, b, tb ? k : n, beta, c, n);
  } else {
    fallbackSgemm(ta, tb, m, n, k, a, b, c, beta);
  }
}

// ---- 2-D convolution, NHWC input, [kh, kw, ci, co] filter, via im2col + SGEMM (one image at a time) ----
struct ConvGeometry {
  int b, h, w, c, kh, kw, co, oh, ow, sh, sw, pt, pl, dh, dw;
  size_t patch() const { return size_t(kh) * kw * c; }
  size_t pixels() const { return size_t(oh) * ow; }
  bool pointwise() const { return kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && oh == h && ow == w; }
};

// cols[p, (i, j, ch)] = x[oh·sh − pt + i·dh, ow·sw − pl + j·dw, ch] (0 outside the image).
void im2col(const ConvGeometry& g, const float* x, float* cols) {
  const size_t K = g.patch();
  for (int oy = 0; oy < g.oh; oy++)
    for (int ox = 0; ox < g.ow; ox++) {
      float* row = cols + (size_t(oy) * g.ow + ox) * K;
      for (int i = 0; i < g.kh; i++) {
        const int iy = oy * g.sh - g.pt + i * g.dh;
        for (int j = 0; j < g.kw; j++) {
          const int ix = ox * g.sw - g.pl + j * g.dw;
          float* dst = row + (size_t(i) * g.kw + j) * g.c;
          if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) std::fill(dst, dst + g.c, 0.0f);
          else std::memcpy(dst, x + (size_t(iy) * g.w + ix) * g.c, sizeof(float) * g.c);
        }
      }
    }
}

// The adjoint of im2col: dx += scatter of cols.
void col2im(const ConvGeometry& g, const float* cols, float* dx) {
  const size_t K = g.patch();
  for (int oy = 0; oy < g.oh; oy++)
    for (int ox = 0; ox < g.ow; ox++) {
      const float* row = cols + (size_t(oy) * g.ow + ox) * K;
      for (int i = 0; i < g.kh; i++) {
        const int iy = oy * g.sh - g.pt + i * g.dh;
        if (iy < 0 || iy >= g.h) continue;
        for (int j = 0; j < g.kw; j++) {
          const int ix = ox * g.sw - g.pl + j * g.dw;
          if (ix < 0 || ix >= g.w) continue;
          const float* src = row + (size_t(i) * g.kw + j) * g.c;
          float* __restrict dst = dx + (size_t(iy) * g.w + ix) * g.c;
          for (int ch = 0; ch < g.c; ch++) dst[ch] += src[ch];
        }
      }
    }
}

void conv2dForward(const ConvGeometry& g, const float* x, const float* f, float* y) {
  const size_t inImage = size_t(g.h) * g.w * g.c, outImage = g.pixels() * g.co;
  if (g.pointwise()) {
    sgemm(false, false, int(size_t(g.b) * g.pixels()), g.co, g.c, x, f, y);
    return;
  }
  std::vector<float> cols(g.pixels() * g.patch());
  for (int n = 0; n < g.b; n++) {
    im2col(g, x + n * inImage, cols.data());
    sgemm(false, false, int(g.pixels()), g.co, int(g.patch()), cols.data(), f, y + n * outImage);
  }
}

// dF[(i, j, ch), co] = Σ_n cols_nᵀ · dy_n
void conv2dBackpropFilter(const ConvGeometry& g, const float* x, const float* dy, float* df) {
  const size_t inImage = size_t(g.h) * g.w * g.c, outImage = g.pixels() * g.co;
  if (g.pointwise()) {
    sgemm(true, false, g.c, g.co, int(size_t(g.b) * g.pixels()), x, dy, df);
    return;
  }
  std::vector<float> cols(g.pixels() * g.patch());
  for (int n = 0; n < g.b; n++) {
    im2col(g, x + n * inImage, cols.data());
    sgemm(true, false, int(g.patch()), g.co, int(g.pixels()), cols.data(), dy + n * outImage, df, n == 0 ? 0.0f : 1.0f);
  }
  if (g.b == 0) std::fill(df, df + g.patch() * g.co, 0.0f);
}

// dx_n = col2im(dy_n · Fᵀ)
void conv2dBackpropInput(const ConvGeometry& g, const float* dy, const float* f, float* dx) {
  const size_t inImage = size_t(g.h) * g.w * g.c, outImage = g.pixels() * g.co;
  if (g.pointwise()) {
    sgemm(false, true, int(size_t(g.b) * g.pixels()), g.c, g.co, dy, f, dx);
    return;
  }
  std::fill(dx, dx + size_t(g.b) * inImage, 0.0f);
  std::vector<float> cols(g.pixels() * g.patch());
  for (int n = 0; n < g.b; n++) {
    sgemm(false, true, int(g.pixels()), int(g.patch()), g.co, dy + n * outImage, f, cols.data());
    col2im(g, cols.data(), dx + n * inImage);
  }
}

// gemm(transA, transB, batch, m, n, k, a, strideA, b, strideB, c, strideC): for each of `batch` products,
// c[i·strideC ..] = op(a[i·strideA ..]) · op(b[i·strideB ..]) (a stride of 0 broadcasts that operand).
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 12) return throwType(env, "gemm: expected 12 arguments");
  bool ta = false, tb = false;
  CHECK(napi_get_value_bool(env, argv[0], &ta));
  CHECK(napi_get_value_bool(env, argv[1], &tb));
  int64_t batch, m, n, k, sa, sb, sc;
  if (!getInt(env, argv[2], &batch) || !getInt(env, argv[3], &m) || !getInt(env, argv[4], &n) ||
      !getInt(env, argv[5], &k) || !getInt(env, argv[7], &sa) || !getInt(env, argv[9], &sb) ||
      !getInt(env, argv[11], &sc))
    return throwType(env, "gemm: batch, m, n, k and strides must be integers");
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!getF32(env, argv[6], &a, &la) || !getF32(env, argv[8], &b, &lb) || !getF32(env, argv[10], &c, &lc))
    return throwType(env, "gemm: a, b and c must be Float32Arrays");
  if (batch < 0 || m < 0 || n < 0 || k < 0 || sa < 0 || sb < 0 || sc < 0)
    return throwType(env, "gemm: negative size");
  if (batch > 0 && (size_t((batch - 1) * sa + m * k) > la || size_t((batch - 1) * sb + k * n) > lb ||
                    size_t((batch - 1) * sc + m * n) > lc))
    return throwType(env, "gemm: a Float32Array is too short for the given sizes");
  for (int64_t i = 0; i < batch; i++) sgemm(ta, tb, int(m), int(n), int(k), a + i * sa, b + i * sb, c + i * sc);
  return nullptr;
}

// Activation codes shared with src/activation.ts.
enum Act { LINEAR = 0, RELU = 1, RELU6 = 2, ELU = 3, SIGMOID = 4, LEAKY = 5 };

// biasActivation(c, n, bias | null, activation, alpha): c viewed as rows of n; adds bias (length n, or 1)
// to every row, then applies the activation in place.
napi_value BiasActivation(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 5) return throwType(env, "biasActivation: expected 5 arguments");
  float* c;
  size_t lc;
  if (!getF32(env, argv[0], &c, &lc)) return throwType(env, "biasActivation: c must be a Float32Array");
  int64_t n, act;
  if (!getInt(env, argv[1], &n) || !getInt(env, argv[3], &act) || n <= 0)
    return throwType(env, "biasActivation: n and activation must be integers, n > 0");
  double alpha = 0;
  CHECK(napi_get_value_double(env, argv[4], &alpha));
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[2], &t));
  float* bias = nullptr;
  size_t lb = 0;
  if (t != napi_null && t != napi_undefined) {
    if (!getF32(env, argv[2], &bias, &lb)) return throwType(env, "biasActivation: bias must be a Float32Array");
    if (lb != size_t(n) && lb != 1) return throwType(env, "biasActivation: bias length must be n or 1");
  }
  const size_t rows = lc / size_t(n);
  const float fa = float(alpha);
  for (size_t r = 0; r < rows; r++) {
    float* __restrict row = c + r * size_t(n);
    if (bias != nullptr) {
      if (lb == 1) {
        const float bv = bias[0];
        for (int64_t j = 0; j < n; j++) row[j] += bv;
      } else {
        for (int64_t j = 0; j < n; j++) row[j] += bias[j];
      }
    }
    switch (act) {
      case LINEAR: break;
      case RELU: for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0 ? 0.0f : row[j]; break;
      case RELU6: for (int64_t j = 0; j < n; j++) row[j] = std::min(6.0f, std::max(0.0f, row[j])); break;
      case ELU: for (int64_t j = 0; j < n; j++) row[j] = row[j] >= 0 ? row[j] : std::expm1(row[j]); break;
      case SIGMOID: for (int64_t j = 0; j < n; j++) row[j] = 1.0f / (1.0f + std::exp(-row[j])); break;
      case LEAKY: for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0 ? fa * row[j] : row[j]; break;
      default: return throwType(env, "biasActivation: unknown activation code");
    }
  }
  return nullptr;
}

// sumMiddle(x, outer, reduce, inner, out): x viewed as [outer, reduce, inner];
// out[o, i] = Σ_r x[o, r, i], accumulated in double.
napi_value SumMiddle(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 5) return throwType(env, "sumMiddle: expected 5 arguments");
  float *x, *out;
  size_t lx, lo;
  int64_t outer, reduce, inner;
  if (!getF32(env, argv[0], &x, &lx) || !getF32(env, argv[4], &out, &lo))
    return throwType(env, "sumMiddle: x and out must be Float32Arrays");
  if (!getInt(env, argv[1], &outer) || !getInt(env, argv[2], &reduce) || !getInt(env, argv[3], &inner) || outer < 0 ||
      reduce < 0 || inner < 0)
    return throwType(env, "sumMiddle: outer, reduce and inner must be integers ≥ 0");
  if (size_t(outer * reduce * inner) > lx || size_t(outer * inner) > lo)
    return throwType(env, "sumMiddle: a Float32Array is too short for the given sizes");
  std::vector<double> acc(size_t(std::max<int64_t>(inner, 1)));
  for (int64_t o = 0; o < outer; o++) {
    const float* xo = x + o * reduce * inner;
    if (inner == 1) {
      double s = 0;
      for (int64_t r = 0; r < reduce; r++) s += xo[r];
      out[o] = float(s);
      continue;
    }
    std::fill(acc.begin(), acc.end(), 0.0);
    double* __restrict a = acc.data();
    for (int64_t r = 0; r < reduce; r++) {
      const float* __restrict row = xo + r * inner;
      for (int64_t i = 0; i < inner; i++) a[i] += row[i];
    }
    for (int64_t i = 0; i < inner; i++) out[o * inner + i] = float(a[i]);
  }
  return nullptr;
}

enum BinaryOp { ADD = 0, SUB = 1, MUL = 2, DIV = 3 };

template <BinaryOp OP>
inline void binaryRun(const float* a, int64_t sa, const float* b, int64_t sb, float* c, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    const float x = a[i * sa], y = b[i * sb];
    c[i] = OP == ADD ? x + y : OP == SUB ? x - y : OP == MUL ? x * y : x / y;
  }
}

template <BinaryOp OP>
void binaryLoop(const int32_t* dims, const int32_t* sa, const int32_t* sb, int rank, const float* a, const float* b,
                float* c) {
  const int64_t n = dims[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
  std::vector<int64_t> idx(size_t(rank), 0);
  int64_t outer = 1;
  for (int d = 0; d < rank - 1; d++) outer *= dims[d];
  int64_t offA = 0, offB = 0;
  for (int64_t o = 0; o < outer; o++) {
    float* row = c + o * n;
    if (ia == 1 && ib == 1) binaryRun<OP>(a + offA, 1, b + offB, 1, row, n);
    else if (ia == 1 && ib == 0) binaryRun<OP>(a + offA, 1, b + offB, 0, row, n);
    else if (ia == 0 && ib == 1) binaryRun<OP>(a + offA, 0, b + offB, 1, row, n);
    else binaryRun<OP>(a + offA, ia, b + offB, ib, row, n);
    for (int d = rank - 2; d >= 0; d--) {  // advance the outer counters
      offA += sa[d];
      offB += sb[d];
      if (++idx[size_t(d)] < dims[d]) break;
      offA -= int64_t(sa[d]) * dims[d];
      offB -= int64_t(sb[d]) * dims[d];
      idx[size_t(d)] = 0;
    }
  }
}

// binary(op, plan: Int32Array [rank, dims…, stridesA…, stridesB…], a, b, c): c = a op b with broadcasting
// (a stride of 0 repeats that operand along the dimension); op: 0 add, 1 sub, 2 mul, 3 div.
napi_value Binary(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t op;
  if (argc != 5 || !getInt(env, argv[0], &op) || op < 0 || op > 3)
    return throwType(env, "binary: expected (op 0-3, plan, a, b, c)");
  bool is = false;
  napi_typedarray_type type;
  void* p = nullptr;
  napi_value ab;
  size_t off = 0, lp = 0;
  if (napi_is_typedarray(env, argv[1], &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, argv[1], &type, &lp, &p, &ab, &off) != napi_ok || type != napi_int32_array)
    return throwType(env, "binary: plan must be an Int32Array");
  const int32_t* plan = static_cast<const int32_t*>(p);
  const int rank = lp > 0 ? plan[0] : 0;
  if (rank < 1 || lp != size_t(1 + 3 * rank)) return throwType(env, "binary: plan must hold 1 + 3·rank entries, rank ≥ 1");
  const int32_t *dims = plan + 1, *sa = plan + 1 + rank, *sb = plan + 1 + 2 * rank;
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!getF32(env, argv[2], &a, &la) || !getF32(env, argv[3], &b, &lb) || !getF32(env, argv[4], &c, &lc))
    return throwType(env, "binary: a, b and c must be Float32Arrays");
  size_t size = 1, lastA = 0, lastB = 0;
  for (int d = 0; d < rank; d++) {
    if (dims[d] < 0 || sa[d] < 0 || sb[d] < 0) return throwType(env, "binary: negative size or stride");
    size *= size_t(dims[d]);
    if (dims[d] > 0) {
      lastA += size_t(sa[d]) * (dims[d] - 1);
      lastB += size_t(sb[d]) * (dims[d] - 1);
    }
  }
  if (size == 0) return nullptr;
  if (lc < size || la <= lastA || lb <= lastB) return throwType(env, "binary: a Float32Array is too short for the plan");
  switch (op) {
    case ADD: binaryLoop<ADD>(dims, sa, sb, rank, a, b, c); break;
    case SUB: binaryLoop<SUB>(dims, sa, sb, rank, a, b, c); break;
    case MUL: binaryLoop<MUL>(dims, sa, sb, rank, a, b, c); break;
    default: binaryLoop<DIV>(dims, sa, sb, rank, a, b, c); break;
  }
  return nullptr;
}

bool getGeometry(napi_env env, napi_value v, ConvGeometry* g) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* p = nullptr;
  napi_value ab;
  size_t off = 0, length = 0;
  if (napi_get_typedarray_info(env, v, &type, &length, &p, &ab, &off) != napi_ok) return false;
  if (type != napi_int32_array || length != 15) return false;
  const int32_t* q = static_cast<const int32_t*>(p);
  *g = ConvGeometry{q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9], q[10], q[11], q[12], q[13], q[14]};
  for (int i = 0; i < 15; i++)
    if (q[i] < 0) return false;
  return g->sh > 0 && g->sw > 0 && g->dh > 0 && g->dw > 0;
}

enum ConvOp { FORWARD, BACKPROP_FILTER, BACKPROP_INPUT };

// conv2d*(geometry: Int32Array [b, h, w, c, kh, kw, co, oh, ow, sh, sw, pt, pl, dh, dw], p, q, out):
// forward (x, filter → y), backpropFilter (x, dy → dFilter), backpropInput (dy, filter → dx).
template <ConvOp OP>
napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  ConvGeometry g;
  if (argc != 4 || !getGeometry(env, argv[0], &g))
    return throwType(env, "conv2d: expected (geometry: Int32Array(15) of sizes ≥ 0, strides and dilations ≥ 1, p, q, out)");
  float *p, *q, *out;
  size_t lp, lq, lo;
  if (!getF32(env, argv[1], &p, &lp) || !getF32(env, argv[2], &q, &lq) || !getF32(env, argv[3], &out, &lo))
    return throwType(env, "conv2d: p, q and out must be Float32Arrays");
  const size_t xs = size_t(g.b) * g.h * g.w * g.c, ys = size_t(g.b) * g.pixels() * g.co, fs = g.patch() * g.co;
  const size_t need[3][3] = {{xs, fs, ys}, {xs, ys, fs}, {ys, fs, xs}};
  if (lp < need[OP][0] || lq < need[OP][1] || lo < need[OP][2])
    return throwType(env, "conv2d: a Float32Array is too short for the geometry");
  if (OP == FORWARD) conv2dForward(g, p, q, out);
  if (OP == BACKPROP_FILTER) conv2dBackpropFilter(g, p, q, out);
  if (OP == BACKPROP_INPUT) conv2dBackpropInput(g, p, q, out);
  return nullptr;
}

// adam(value, m, v, g, newValue, newM, newV, params: Float64Array [beta1, beta2, 1 − β1^t, 1 − β2^t, epsilon, lr]):
// one Adam step of tfjs's AdamOptimizer in one pass, in float32 and in tfjs's order of operations (each tfjs op
// rounds to float32; no FMA at -march=x86-64-v2), so the result is that of its ~15 separate kernels.
napi_value Adam(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 8) return throwType(env, "adam: expected (value, m, v, g, newValue, newM, newV, params)");
  float* a[7];
  size_t len[7];
  for (int i = 0; i < 7; i++)
    if (!getF32(env, argv[i], &a[i], &len[i])) return throwType(env, "adam: the first seven arguments must be Float32Arrays");
  for (int i = 1; i < 7; i++)
    if (len[i] != len[0]) return throwType(env, "adam: value, m, v, g and the outputs must have one length");
  bool is = false;
  napi_typedarray_type type;
  void* p = nullptr;
  napi_value ab;
  size_t off = 0, lp = 0;
  if (napi_is_typedarray(env, argv[7], &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, argv[7], &type, &lp, &p, &ab, &off) != napi_ok || type != napi_float64_array ||
      lp != 6)
    return throwType(env, "adam: params must be a Float64Array(6)");
  const double* q = static_cast<const double*>(p);
  const float b1 = float(q[0]), b2 = float(q[1]), c1 = float(1.0 - q[0]), c2 = float(1.0 - q[1]);
  const float bias1 = float(q[2]), bias2 = float(q[3]), eps = float(q[4]), negLr = float(-q[5]);
  const float *value = a[0], *m = a[1], *v = a[2], *g = a[3];
  float *nv = a[4], *nm = a[5], *nvv = a[6];
  const size_t n = len[0];
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float m1 = m[i] * b1 + gi * c1;
    const float sq = gi * gi;
    const float v1 = v[i] * b2 + sq * c2;
    const float mh = m1 / bias1;
    const float vh = v1 / bias2;
    const float step = (mh / (std::sqrt(vh) + eps)) * negLr;
    nm[i] = m1;
    nvv[i] = v1;
    nv[i] = step + value[i];
  }
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value o, blas, lib, threads, err;
  CHECK(napi_create_object(env, &o));
  CHECK(napi_create_string_utf8(env, g_sgemm != nullptr ? "openblas" : "fallback", NAPI_AUTO_LENGTH, &blas));
  CHECK(napi_create_string_utf8(env, g_library.c_str(), NAPI_AUTO_LENGTH, &lib));
  CHECK(napi_create_int32(env, g_getThreads != nullptr ? g_getThreads() : 1, &threads));
  CHECK(napi_create_string_utf8(env, g_loadError.c_str(), NAPI_AUTO_LENGTH, &err));
  CHECK(napi_set_named_property(env, o, "blas", blas));
  CHECK(napi_set_named_property(env, o, "library", lib));
  CHECK(napi_set_named_property(env, o, "threads", threads));
  CHECK(napi_set_named_property(env, o, "loadError", err));
  return o;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t n = 0;
  if (argc != 1 || !getInt(env, argv[0], &n) || n < 1) return throwType(env, "setThreads: expected an integer ≥ 1");
  if (g_setThreads != nullptr) g_setThreads(int(n));
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  loadBlas();
  napi_property_descriptor d[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"biasActivation", nullptr, BiasActivation, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv<FORWARD>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv<BACKPROP_FILTER>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv<BACKPROP_INPUT>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumMiddle", nullptr, SumMiddle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"silu", nullptr, Silu, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"siluGrad", nullptr, SiluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"groupNorm", nullptr, GroupNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"groupNormGrad", nullptr, GroupNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dense", nullptr, Dense, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"denseGrad", nullptr, DenseGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attention", nullptr, Attention, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionGrad", nullptr, AttentionGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof(d) / sizeof(d[0]), d) != napi_ok) return nullptr;
  return exports;
}

}  // namespace

void udmSgemm(bool transposeA, bool transposeB, int m, int n, int k, const float* a, const float* b, float* c,
              float beta) {
  sgemm(transposeA, transposeB, m, n, k, a, b, c, beta);
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
