// Fused SiLU and GroupNorm (NHWC) kernels, forward and backward, on Float32Array views JavaScript owns.
// σ is fast_math.h's vectorisable one.
#include "fused_ops.h"
#include "fast_math.h"
#include "napi_util.h"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {


// Swish y = x·σ(βx): SiLU at β = 1, the "quick GELU" at β = 1.702.
void siluForward(const float* __restrict x, float* __restrict y, size_t n, float beta) {
  for (size_t i = 0; i < n; i++) y[i] = x[i] * sigmoid(beta * x[i]);
}

// dx = dy · d/dz swish_β(z) at z = x = dy·(σ(βx) + βx·σ(βx)·(1 − σ(βx))).
void siluBackward(const float* __restrict dy, const float* __restrict x, float* __restrict dx, size_t n, float beta) {
  for (size_t i = 0; i < n; i++) {
    const float bx = beta * x[i];
    const float s = sigmoid(bx);
    dx[i] = dy[i] * (s + bx * s * (1.0f - s));
  }
}

// The optional last argument β of silu/siluGrad (default 1): true where absent or a finite number.
bool getBeta(napi_env env, napi_value* argv, size_t argc, size_t at, float* beta) {
  *beta = 1.0f;
  if (argc <= at) return true;
  double b = 0;
  if (napi_get_value_double(env, argv[at], &b) != napi_ok || !std::isfinite(b)) return false;
  *beta = float(b);
  return true;
}

struct NormDims {
  int64_t b, hw, c, groups;
  bool silu;
  int64_t perGroup() const { return c / groups; }
  size_t image() const { return size_t(hw) * size_t(c); }
};

bool getDims(napi_env env, napi_value v, NormDims* d) {
  void* p = nullptr;
  size_t length = 0;
  if (!getTyped(env, v, napi_int32_array, &p, &length) || length != 5) return false;
  const int32_t* q = static_cast<const int32_t*>(p);
  *d = NormDims{q[0], q[1], q[2], q[3], q[4] != 0};
  return d->b >= 0 && d->hw >= 0 && d->c > 0 && d->groups > 0 && d->c % d->groups == 0;
}

// Per-channel Σ_hw x and Σ_hw x² of one image, in double.
void channelSums(const float* x, const NormDims& d, double* sum, double* sq) {
  std::fill(sum, sum + d.c, 0.0);
  std::fill(sq, sq + d.c, 0.0);
  for (int64_t p = 0; p < d.hw; p++) {
    const float* __restrict row = x + size_t(p) * d.c;
    for (int64_t ch = 0; ch < d.c; ch++) {
      const double v = row[ch];
      sum[ch] += v;
      sq[ch] += v * v;
    }
  }
}

void groupNormForward(const NormDims& d, float eps, const float* x, const float* gamma, const float* beta, float* y,
                      float* mean, float* inv) {
  const int64_t cg = d.perGroup();
  const double count = double(d.hw) * double(cg);
  std::vector<double> sum(size_t(d.c)), sq(size_t(d.c));
  std::vector<float> scale(size_t(d.c)), shift(size_t(d.c));
  for (int64_t n = 0; n < d.b; n++) {
    const float* xn = x + size_t(n) * d.image();
    float* yn = y + size_t(n) * d.image();
    channelSums(xn, d, sum.data(), sq.data());
    for (int64_t g = 0; g < d.groups; g++) {
      double s = 0, s2 = 0;
      for (int64_t ch = g * cg; ch < (g + 1) * cg; ch++) {
        s += sum[size_t(ch)];
        s2 += sq[size_t(ch)];
      }
      const double mu = count > 0 ? s / count : 0.0;
      const double var = count > 0 ? std::max(0.0, s2 / count - mu * mu) : 0.0;
      const float m = float(mu), iv = float(1.0 / std::sqrt(var + double(eps)));
      mean[size_t(n * d.groups + g)] = m;
      inv[size_t(n * d.groups + g)] = iv;
      for (int64_t ch = g * cg; ch < (g + 1) * cg; ch++) {
        scale[size_t(ch)] = iv * gamma[ch];
        shift[size_t(ch)] = beta[ch] - m * scale[size_t(ch)];
      }
    }
    const float* __restrict a = scale.data();
    const float* __restrict b = shift.data();
    for (int64_t p = 0; p < d.hw; p++) {
      const float* __restrict xr = xn + size_t(p) * d.c;
      float* __restrict yr = yn + size_t(p) * d.c;
      if (d.silu) {
        for (int64_t ch = 0; ch < d.c; ch++) {
          const float z = xr[ch] * a[ch] + b[ch];
          yr[ch] = z * sigmoid(z);
        }
      } else {
        for (int64_t ch = 0; ch < d.c; ch++) yr[ch] = xr[ch] * a[ch] + b[ch];
      }
    }
  }
}

// With z = (x − μ)·inv·γ + β (and y = silu(z) where d.silu): dz = dy (· silu'(z)); dβ = Σ dz; dγ = Σ dz·x̂;
// dx = inv·(γ·dz − mean_g(γ·dz) − x̂·mean_g(γ·dz·x̂)), folded into dx = dz·P[c] + x·Q[c] + R[c] per image.
void groupNormBackward(const NormDims& d, const float* dy, const float* x, const float* gamma, const float* beta,
                       const float* mean, const float* inv, float* dx, float* dgamma, float* dbeta) {
  const int64_t cg = d.perGroup();
  const double count = double(d.hw) * double(cg);
  std::vector<double> sdz(size_t(d.c)), sdzx(size_t(d.c)), dg(size_t(d.c), 0.0), db(size_t(d.c), 0.0);
  std::vector<float> dzBuf(d.silu ? d.image() : 0), scale(size_t(d.c)), shift(size_t(d.c));
  std::vector<float> P(size_t(d.c)), Q(size_t(d.c)), R(size_t(d.c));
  for (int64_t n = 0; n < d.b; n++) {
    const float* xn = x + size_t(n) * d.image();
    const float* dz = dy + size_t(n) * d.image();
    float* dxn = dx + size_t(n) * d.image();
    if (d.silu) {
      for (int64_t g = 0; g < d.groups; g++)
        for (int64_t ch = g * cg; ch < (g + 1) * cg; ch++) {
          scale[size_t(ch)] = inv[n * d.groups + g] * gamma[ch];
          shift[size_t(ch)] = beta[ch] - mean[n * d.groups + g] * scale[size_t(ch)];
        }
      const float* __restrict a = scale.data();
      const float* __restrict b = shift.data();
      for (int64_t p = 0; p < d.hw; p++) {
        const float* __restrict xr = xn + size_t(p) * d.c;
        const float* __restrict gr = dz + size_t(p) * d.c;
        float* __restrict out = dzBuf.data() + size_t(p) * d.c;
        for (int64_t ch = 0; ch < d.c; ch++) {
          const float z = xr[ch] * a[ch] + b[ch];
          const float s = sigmoid(z);
          out[ch] = gr[ch] * (s + z * s * (1.0f - s));
        }
      }
      dz = dzBuf.data();
    }
    std::fill(sdz.begin(), sdz.end(), 0.0);
    std::fill(sdzx.begin(), sdzx.end(), 0.0);
    for (int64_t p = 0; p < d.hw; p++) {
      const float* __restrict xr = xn + size_t(p) * d.c;
      const float* __restrict gr = dz + size_t(p) * d.c;
      for (int64_t ch = 0; ch < d.c; ch++) {
        sdz[size_t(ch)] += gr[ch];
        sdzx[size_t(ch)] += double(gr[ch]) * xr[ch];
      }
    }
    for (int64_t g = 0; g < d.groups; g++) {
      const double mu = mean[n * d.groups + g], iv = inv[n * d.groups + g];
      double A = 0, B = 0;
      for (int64_t ch = g * cg; ch < (g + 1) * cg; ch++) {
        const double dzxhat = (sdzx[size_t(ch)] - mu * sdz[size_t(ch)]) * iv;  // Σ dz·x̂ over the channel
        dg[size_t(ch)] += dzxhat;
        db[size_t(ch)] += sdz[size_t(ch)];
        A += gamma[ch] * sdz[size_t(ch)];
        B += gamma[ch] * dzxhat;
      }
      A = count > 0 ? A / count : 0.0;
      B = count > 0 ? B / count : 0.0;
      for (int64_t ch = g * cg; ch < (g + 1) * cg; ch++) {
        P[size_t(ch)] = float(iv * gamma[ch]);
        Q[size_t(ch)] = float(-iv * iv * B);
        R[size_t(ch)] = float(-iv * A + iv * iv * B * mu);
      }
    }
    const float* __restrict pp = P.data();
    const float* __restrict qq = Q.data();
    const float* __restrict rr = R.data();
    for (int64_t p = 0; p < d.hw; p++) {
      const float* __restrict xr = xn + size_t(p) * d.c;
      const float* __restrict gr = dz + size_t(p) * d.c;
      float* __restrict out = dxn + size_t(p) * d.c;
      for (int64_t ch = 0; ch < d.c; ch++) out[ch] = gr[ch] * pp[ch] + xr[ch] * qq[ch] + rr[ch];
    }
  }
  for (int64_t ch = 0; ch < d.c; ch++) {
    dgamma[ch] = float(dg[size_t(ch)]);
    dbeta[ch] = float(db[size_t(ch)]);
  }
}

}  // namespace

napi_value Silu(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  float *x, *y, beta;
  size_t lx, ly;
  if (argc < 2 || !getF32(env, argv[0], &x, &lx) || !getF32(env, argv[1], &y, &ly) || ly != lx ||
      !getBeta(env, argv, argc, 2, &beta))
    return throwType(env, "silu: expected (x, y, beta?): Float32Arrays of one length and a finite beta");
  siluForward(x, y, lx, beta);
  return nullptr;
}

napi_value SiluGrad(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  float *dy, *x, *dx, beta;
  size_t a, b, c;
  if (argc < 3 || !getF32(env, argv[0], &dy, &a) || !getF32(env, argv[1], &x, &b) ||
      !getF32(env, argv[2], &dx, &c) || a != b || b != c || !getBeta(env, argv, argc, 3, &beta))
    return throwType(env, "siluGrad: expected (dy, x, dx, beta?): Float32Arrays of one length and a finite beta");
  siluBackward(dy, x, dx, a, beta);
  return nullptr;
}

napi_value GroupNorm(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  NormDims d;
  double eps = 0;
  if (argc != 8 || !getDims(env, argv[0], &d) || napi_get_value_double(env, argv[1], &eps) != napi_ok || !(eps >= 0))
    return throwType(env, "groupNorm: expected (dims: Int32Array [b, hw, c, groups dividing c, silu], epsilon ≥ 0, x, gamma, beta, y, mean, inv)");
  const size_t xs = size_t(d.b) * d.image(), stats = size_t(d.b * d.groups), c = size_t(d.c);
  const size_t need[6] = {xs, c, c, xs, stats, stats};
  float* a[6];
  if (!getArrays(env, argv, 2, 6, a, need))
    return throwType(env, "groupNorm: x, gamma, beta, y, mean and inv must be Float32Arrays long enough for dims");
  groupNormForward(d, float(eps), a[0], a[1], a[2], a[3], a[4], a[5]);
  return nullptr;
}

napi_value GroupNormGrad(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  NormDims d;
  if (argc != 10 || !getDims(env, argv[0], &d))
    return throwType(env, "groupNormGrad: expected (dims: Int32Array [b, hw, c, groups dividing c, silu], dy, x, gamma, beta, mean, inv, dx, dgamma, dbeta)");
  const size_t xs = size_t(d.b) * d.image(), stats = size_t(d.b * d.groups), c = size_t(d.c);
  const size_t need[9] = {xs, xs, c, c, stats, stats, xs, c, c};
  float* a[9];
  if (!getArrays(env, argv, 1, 9, a, need))
    return throwType(env, "groupNormGrad: dy, x, gamma, beta, mean, inv, dx, dgamma and dbeta must be Float32Arrays long enough for dims");
  groupNormBackward(d, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
  return nullptr;
}
