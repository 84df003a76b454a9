// Dense layer forward and backward: SGEMM (blas.h) plus one pass for bias and activation, and for the gradient one
// pass for act'(z)·dy and the bias sum, then two SGEMMs (dW = xᵀ·dz, dx = dz·Wᵀ).
#include "dense_ops.h"
#include "blas.h"
#include "fast_math.h"
#include "napi_util.h"
#include <vector>

namespace {

enum DenseAct { LINEAR = 0, RELU = 1, SILU = 2 };

struct DenseDims {
  int64_t m, k, n, act;
};

bool getDenseDims(napi_env env, napi_value v, DenseDims* d) {
  void* p = nullptr;
  size_t length = 0;
  if (!getTyped(env, v, napi_int32_array, &p, &length) || length != 4) return false;
  const int32_t* q = static_cast<const int32_t*>(p);
  *d = DenseDims{q[0], q[1], q[2], q[3]};
  return d->m >= 0 && d->k >= 0 && d->n > 0 && d->act >= LINEAR && d->act <= SILU;
}

// A Float32Array of at least `need` entries, or (where `optional`) null/undefined → nullptr.
bool getArray(napi_env env, napi_value v, size_t need, bool optional, float** out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return false;
  if (optional && (t == napi_null || t == napi_undefined)) {
    *out = nullptr;
    return true;
  }
  size_t len = 0;
  return getF32(env, v, out, &len) && len >= need;
}

void denseForward(const DenseDims& d, const float* x, const float* w, const float* b, float* y, float* z) {
  udmSgemm(false, false, int(d.m), int(d.n), int(d.k), x, w, y, 0.0f);
  for (int64_t r = 0; r < d.m; r++) {
    float* __restrict row = y + size_t(r) * d.n;
    float* __restrict pre = z != nullptr ? z + size_t(r) * d.n : nullptr;
    if (b != nullptr)
      for (int64_t j = 0; j < d.n; j++) row[j] += b[j];
    if (pre != nullptr)
      for (int64_t j = 0; j < d.n; j++) pre[j] = row[j];
    if (d.act == RELU)
      for (int64_t j = 0; j < d.n; j++) row[j] = row[j] < 0.0f ? 0.0f : row[j];
    else if (d.act == SILU)
      for (int64_t j = 0; j < d.n; j++) row[j] = row[j] * sigmoid(row[j]);
  }
}

void denseBackward(const DenseDims& d, const float* dy, const float* x, const float* w, const float* y,
                   const float* z, float* dx, float* dw, float* db) {
  const size_t mn = size_t(d.m) * d.n;
  std::vector<float> buffer(d.act == LINEAR ? 0 : mn);
  const float* dz = dy;
  if (d.act == RELU) {
    float* __restrict out = buffer.data();
    for (size_t i = 0; i < mn; i++) out[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    dz = out;
  } else if (d.act == SILU) {
    float* __restrict out = buffer.data();
    for (size_t i = 0; i < mn; i++) {
      const float s = sigmoid(z[i]);
      out[i] = dy[i] * (s + z[i] * s * (1.0f - s));
    }
    dz = out;
  }
  std::vector<double> acc(size_t(d.n), 0.0);
  double* __restrict a = acc.data();
  for (int64_t r = 0; r < d.m; r++) {
    const float* __restrict row = dz + size_t(r) * d.n;
    for (int64_t j = 0; j < d.n; j++) a[j] += row[j];
  }
  for (int64_t j = 0; j < d.n; j++) db[j] = float(a[j]);
  udmSgemm(true, false, int(d.k), int(d.n), int(d.m), x, dz, dw, 0.0f);
  udmSgemm(false, true, int(d.m), int(d.k), int(d.n), dz, w, dx, 0.0f);
}

}  // namespace

napi_value Dense(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  DenseDims d;
  if (argc != 6 || !getDenseDims(env, argv[0], &d))
    return throwType(env, "dense: expected (dims: Int32Array [m, k, n > 0, act 0-2], x, w, b, y, z | null)");
  const size_t mn = size_t(d.m) * d.n;
  float *x, *w, *b, *y, *z;
  if (!getArray(env, argv[1], size_t(d.m) * d.k, false, &x) || !getArray(env, argv[2], size_t(d.k) * d.n, false, &w) ||
      !getArray(env, argv[3], size_t(d.n), true, &b) || !getArray(env, argv[4], mn, false, &y) ||
      !getArray(env, argv[5], mn, true, &z))
    return throwType(env, "dense: x, w, b, y and z must be Float32Arrays long enough for dims (b and z may be null)");
  if (d.act == SILU && z == nullptr) return throwType(env, "dense: silu needs z (the pre-activation) for its gradient");
  denseForward(d, x, w, b, y, z);
  return nullptr;
}

napi_value DenseGrad(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  DenseDims d;
  if (argc != 9 || !getDenseDims(env, argv[0], &d))
    return throwType(env, "denseGrad: expected (dims: Int32Array [m, k, n > 0, act 0-2], dy, x, w, y, z | null, dx, dw, db)");
  const size_t mn = size_t(d.m) * d.n, mk = size_t(d.m) * d.k, kn = size_t(d.k) * d.n;
  float *dy, *x, *w, *y, *z, *dx, *dw, *db;
  if (!getArray(env, argv[1], mn, false, &dy) || !getArray(env, argv[2], mk, false, &x) ||
      !getArray(env, argv[3], kn, false, &w) || !getArray(env, argv[4], mn, false, &y) ||
      !getArray(env, argv[5], mn, true, &z) || !getArray(env, argv[6], mk, false, &dx) ||
      !getArray(env, argv[7], kn, false, &dw) || !getArray(env, argv[8], size_t(d.n), false, &db))
    return throwType(env, "denseGrad: dy, x, w, y, z, dx, dw and db must be Float32Arrays long enough for dims (z may be null)");
  if (d.act == SILU && z == nullptr) return throwType(env, "denseGrad: silu needs z (the pre-activation)");
  denseBackward(d, dy, x, w, y, z, dx, dw, db);
  return nullptr;
}
