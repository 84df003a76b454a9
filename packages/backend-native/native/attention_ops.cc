// Multi-head attention forward and backward (attention_ops.h). Sizes are those of small transformers (l, dh of tens):
// plain loops over contiguous dh-long rows, which GCC vectorises; softmax in float with the row maximum subtracted.
#include "attention_ops.h"
#include "fast_math.h"
#include "napi_util.h"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace {

struct AttentionDims {
  int64_t n, l, heads, dh;
  size_t width() const { return size_t(heads) * size_t(dh); }
  size_t rows() const { return size_t(n) * size_t(l) * width(); }
  size_t probs() const { return size_t(n) * size_t(heads) * size_t(l) * size_t(l); }
};

bool getDims(napi_env env, napi_value v, AttentionDims* d) {
  void* p = nullptr;
  size_t length = 0;
  if (!getTyped(env, v, napi_int32_array, &p, &length) || length != 4) return false;
  const int32_t* q = static_cast<const int32_t*>(p);
  *d = AttentionDims{q[0], q[1], q[2], q[3]};
  return d->n >= 0 && d->l > 0 && d->heads > 0 && d->dh > 0;
}

// y += a·x over n entries.
inline void axpy(float a, const float* __restrict x, float* __restrict y, int64_t n) {
  for (int64_t c = 0; c < n; c++) y[c] += a * x[c];
}

// The head's rows of x (stride w, dh long) as a [dh, l] tile: products with it run along l, contiguous, so they
// vectorise (a dot product of dh floats would not, without reassociating the sum).
void transposeHead(const float* x, size_t w, int64_t l, int64_t dh, float* tile) {
  for (int64_t j = 0; j < l; j++)
    for (int64_t c = 0; c < dh; c++) tile[size_t(c) * size_t(l) + size_t(j)] = x[size_t(j) * w + size_t(c)];
}

// out[j] = Σ_c a[c]·tile[c][j] for j < l.
inline void rowTimesTile(const float* __restrict a, const float* __restrict tile, int64_t dh, int64_t l,
                         float* __restrict out) {
  std::fill(out, out + l, 0.0f);
  for (int64_t c = 0; c < dh; c++) axpy(a[c], tile + size_t(c) * size_t(l), out, l);
}

void attentionForward(const AttentionDims& d, float scale, const float* q, const float* k, const float* v, float* y,
                      float* p) {
  const size_t w = d.width();
  const int64_t l = d.l, dh = d.dh;
  std::vector<float> kt(size_t(l) * size_t(dh));
  for (int64_t s = 0; s < d.n; s++)
    for (int64_t h = 0; h < d.heads; h++) {
      const size_t base = size_t(s) * size_t(l) * w + size_t(h) * size_t(dh);
      float* P = p + (size_t(s) * size_t(d.heads) + size_t(h)) * size_t(l) * size_t(l);
      transposeHead(k + base, w, l, dh, kt.data());
      for (int64_t i = 0; i < l; i++) {
        float* row = P + size_t(i) * size_t(l);
        rowTimesTile(q + base + size_t(i) * w, kt.data(), dh, l, row);
        float mx = -INFINITY;
        for (int64_t j = 0; j < l; j++) {
          row[j] *= scale;
          mx = std::max(mx, row[j]);
        }
        float sum = 0;
        for (int64_t j = 0; j < l; j++) {
          row[j] = fastExp(row[j] - mx);
          sum += row[j];
        }
        const float inv = 1.0f / sum;
        float* yi = y + base + size_t(i) * w;
        std::fill(yi, yi + dh, 0.0f);
        for (int64_t j = 0; j < l; j++) {
          row[j] *= inv;
          axpy(row[j], v + base + size_t(j) * w, yi, dh);
        }
      }
    }
}

void attentionBackward(const AttentionDims& d, float scale, const float* dy, const float* q, const float* k,
                       const float* v, const float* p, float* dq, float* dk, float* dv) {
  const size_t w = d.width();
  const int64_t l = d.l, dh = d.dh;
  std::fill(dq, dq + d.rows(), 0.0f);
  std::fill(dk, dk + d.rows(), 0.0f);
  std::fill(dv, dv + d.rows(), 0.0f);
  std::vector<float> ds(static_cast<size_t>(l)), vt(size_t(l) * size_t(dh));
  for (int64_t s = 0; s < d.n; s++)
    for (int64_t h = 0; h < d.heads; h++) {
      const size_t base = size_t(s) * size_t(l) * w + size_t(h) * size_t(dh);
      const float* P = p + (size_t(s) * size_t(d.heads) + size_t(h)) * size_t(l) * size_t(l);
      transposeHead(v + base, w, l, dh, vt.data());
      for (int64_t i = 0; i < l; i++) {
        const float* row = P + size_t(i) * size_t(l);
        const float* dyi = dy + base + size_t(i) * w;
        // dP_ij = dY_i·V_j; dS_ij = P_ij·(dP_ij − Σ_j P_ij·dP_ij); dV_j += P_ij·dY_i.
        rowTimesTile(dyi, vt.data(), dh, l, ds.data());
        float r = 0;
        for (int64_t j = 0; j < l; j++) {
          r += row[j] * ds[size_t(j)];
          axpy(row[j], dyi, dv + base + size_t(j) * w, dh);
        }
        const float* qi = q + base + size_t(i) * w;
        float* dqi = dq + base + size_t(i) * w;
        for (int64_t j = 0; j < l; j++) {
          const float g = scale * row[j] * (ds[size_t(j)] - r);
          axpy(g, k + base + size_t(j) * w, dqi, dh);
          axpy(g, qi, dk + base + size_t(j) * w, dh);
        }
      }
    }
}

bool getScale(napi_env env, napi_value v, float* scale) {
  double s = 0;
  if (napi_get_value_double(env, v, &s) != napi_ok || !std::isfinite(s)) return false;
  *scale = float(s);
  return true;
}

}  // namespace

napi_value Attention(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  AttentionDims d;
  float scale;
  if (argc != 7 || !getDims(env, argv[0], &d) || !getScale(env, argv[1], &scale))
    return throwType(env, "attention: expected (dims: Int32Array [n, l, heads, dh], finite scale, q, k, v, y, p)");
  const size_t r = d.rows();
  const size_t need[5] = {r, r, r, r, d.probs()};
  float* a[5];
  if (!getArrays(env, argv, 2, 5, a, need))
    return throwType(env, "attention: q, k, v, y [n·l·heads·dh] and p [n·heads·l·l] must be Float32Arrays at least that long");
  attentionForward(d, scale, a[0], a[1], a[2], a[3], a[4]);
  return nullptr;
}

napi_value AttentionGrad(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  AttentionDims d;
  float scale;
  if (argc != 10 || !getDims(env, argv[0], &d) || !getScale(env, argv[1], &scale))
    return throwType(env, "attentionGrad: expected (dims: Int32Array [n, l, heads, dh], finite scale, dy, q, k, v, p, dq, dk, dv)");
  const size_t r = d.rows();
  const size_t need[8] = {r, r, r, r, d.probs(), r, r, r};
  float* a[8];
  if (!getArrays(env, argv, 2, 8, a, need))
    return throwType(env, "attentionGrad: dy, q, k, v, dq, dk, dv [n·l·heads·dh] and p [n·heads·l·l] must be Float32Arrays at least that long");
  attentionBackward(d, scale, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
  return nullptr;
}
