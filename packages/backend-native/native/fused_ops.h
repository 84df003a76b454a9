// Fused elementwise and normalisation kernels (fused_ops.cc): each replaces several tfjs kernels and their
// temporaries by one pass over the data, forward and backward.
#pragma once
#include <node_api.h>

// silu(x, y, beta = 1): y = x·σ(βx) (swish; β = 1.702 is the "quick GELU").
napi_value Silu(napi_env env, napi_callback_info info);
// siluGrad(dy, x, dx, beta = 1): dx = dy·σ(βx)·(1 + βx·(1 − σ(βx))).
napi_value SiluGrad(napi_env env, napi_callback_info info);
// groupNorm(dims: Int32Array [b, hw, c, groups, silu], epsilon, x, gamma, beta, y, mean, inv).
napi_value GroupNorm(napi_env env, napi_callback_info info);
// groupNormGrad(dims, dy, x, gamma, beta, mean, inv, dx, dgamma, dbeta).
napi_value GroupNormGrad(napi_env env, napi_callback_info info);
