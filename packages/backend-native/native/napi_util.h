// N-API helpers shared by the addon's source files: typed-array views without copies, integers, type errors.
#pragma once
#include <node_api.h>
#include <cstddef>
#include <cstdint>

#define CHECK(call)                                                    \
  do {                                                                 \
    if ((call) != napi_ok) {                                           \
      napi_throw_error(env, nullptr, "udm_native: N-API call failed"); \
      return nullptr;                                                  \
    }                                                                  \
  } while (0)

inline bool getTyped(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  napi_value ab;
  size_t off = 0;
  if (napi_get_typedarray_info(env, v, &type, length, data, &ab, &off) != napi_ok) return false;
  return type == want;
}

inline bool getF32(napi_env env, napi_value v, float** data, size_t* length) {
  void* p = nullptr;
  if (!getTyped(env, v, napi_float32_array, &p, length)) return false;
  *data = static_cast<float*>(p);
  return true;
}

// Reads `count` Float32Arrays from argv[first…] with the lengths each must have at least.
inline bool getArrays(napi_env env, napi_value* argv, int first, int count, float** out, const size_t* need) {
  for (int i = 0; i < count; i++) {
    size_t len = 0;
    if (!getF32(env, argv[first + i], &out[i], &len) || len < need[i]) return false;
  }
  return true;
}

inline bool getInt(napi_env env, napi_value v, int64_t* out) { return napi_get_value_int64(env, v, out) == napi_ok; }

inline napi_value throwType(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}
