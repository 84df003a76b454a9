// Multi-head scaled dot-product attention (no mask) as one kernel forward and one backward, on rows whose heads are
// interleaved along the last axis ([n, l, heads·dh], the layout of a dense projection): no head split/merge copies.
#pragma once
#include <node_api.h>

// attention(dims: Int32Array [n, l, heads, dh], scale, q, k, v, y [n, l, heads·dh], p [n, heads, l, l]):
// per (sample, head) P = softmax(scale·Q·Kᵀ) by rows, Y = P·V; P is kept for the gradient.
napi_value Attention(napi_env env, napi_callback_info info);
// attentionGrad(dims, scale, dy, q, k, v, p, dq, dk, dv): dV = Pᵀ·dY, dS = P∘(dY·Vᵀ − rowsum(P∘dY·Vᵀ)),
// dQ = scale·dS·K, dK = scale·dSᵀ·Q.
napi_value AttentionGrad(napi_env env, napi_callback_info info);
