import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, DEFAULT_BACKEND_ORDER, parseBackendName } from './backend-name.js';

describe('parseBackendName', () => {
  it('accepts every backend name, case- and space-insensitively', () => {
    for (const name of BACKEND_NAMES) expect(parseBackendName(name)).toBe(name);
    expect(parseBackendName(' WASM ')).toBe('wasm');
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => parseBackendName('webgl')).toThrow(
      "unknown backend 'webgl': valid backends are 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'webgpu'",
    );
  });

  it('never tries webgpu unless asked', () => {
    expect(DEFAULT_BACKEND_ORDER).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });
});
