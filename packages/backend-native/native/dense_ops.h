// A dense layer y = act(x·W + b) (act: 0 linear, 1 relu, 2 silu) as one kernel forward and one backward.
#pragma once
#include <node_api.h>

// dense(dims: Int32Array [m, k, n, act], x [m, k], w [k, n], b [n], y [m, n], z [m, n] | null): y = act(x·W + b),
// z = x·W + b where given (silu's gradient needs it).
napi_value Dense(napi_env env, napi_callback_info info);
// denseGrad(dims, dy, x, w, y, z | null, dx [m, k], dw [k, n], db [n]): the three gradients in one call.
napi_value DenseGrad(napi_env env, napi_callback_info info);
