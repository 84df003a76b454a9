import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, DEFAULT_BACKEND_ORDER, parseBackendName } from './backend-name.js';

describe('parseBackendName', () => {
  it('accepts every backend name, case- and space-insensitively', () => {
    for (const name of BACKEND_NAMES) expect(parseBackendName(name)).toBe(name);
    expect(parseBackendName(' WASM ')).toBe('wasm');
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => parseBackendName('opengl')).toThrow(
      "unknown backend 'opengl': valid backends are 'tensorflow-gpu', 'webgpu', 'tensorflow', 'native', 'wasm', 'cpu', 'webgl'",
    );
  });

  it('tries libtensorflow with CUDA, then WebGPU (a real GPU only), then the CPU backends', () => {
    expect(DEFAULT_BACKEND_ORDER).toEqual([
      'tensorflow-gpu',
      'webgpu',
      'tensorflow',
      'native',
      'wasm',
      'cpu',
    ]);
  });
});
