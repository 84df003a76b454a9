// The browser-safe part of @udm/backend-tfjs (`@udm/backend-tfjs/browser`): nothing here imports a Node module.
// Files (read, atomic write) and encoding (hashed with Node's crypto) stay in the main entry.

// Backend selection
export {
  BACKEND_NAMES,
  BROWSER_BACKEND_ORDER,
  DEFAULT_BACKEND_ORDER,
  isBackendName,
  parseBackendName,
} from './backend-name.js';
export type { BackendName } from './backend-name.js';
export { activeBackendName, selectBackend, silenceTfjsNotices } from './select-backend.js';
export type { SelectBackendOptions, SelectedBackend, SkippedBackend } from './select-backend.js';
export type { LoadOptions, WasmFileUrls } from './backend-loaders.js';

// Wasm kernel fixes
export { installWasmFixes, uninstallWasmFixes, wasmFixStates, WASM_FIXES } from './install-wasm-fixes.js';
export type { WasmFix, WasmFixState, WasmKernelFix } from './wasm-fixes/wasm-fix.js';

// Safetensors (reading, and writing with the checksum hashed in plain JavaScript)
export { encodeSafetensorsPortable } from './safetensors/encode-portable.js';
export { encodeSafetensorsWith } from './safetensors/encode.js';
export type { EncodeOptions } from './safetensors/encode.js';
export { decodeSafetensorsPortable } from './safetensors/decode-portable.js';
export { decodeSafetensorsWith, MAX_HEADER_BYTES } from './safetensors/decode.js';
export type { DecodedSafetensors, DecodeOptions } from './safetensors/decode.js';
export { DTYPE_NAMES, SafetensorsError, isSafetensorsDType } from './safetensors/dtype.js';
export type { SafetensorsData, SafetensorsDType, SafetensorsTensor } from './safetensors/dtype.js';
export { CHECKSUM_METADATA_KEY, HEADER_CHECKSUM_METADATA_KEY } from './safetensors/checksum.js';
export type { Sha256Hex } from './safetensors/checksum.js';
export { safetensorsToTensors, tensorsToSafetensors } from './safetensors/tf-tensors.js';
