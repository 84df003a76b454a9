import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { installWasmFixes, uninstallWasmFixes, WASM_FIXES, wasmFixStates } from './install-wasm-fixes.js';
import { useWasmWithFixes } from './test-support/wasm-suite.js';

useWasmWithFixes({ checkLeaks: false });

const kernelFuncOf = (name: string) => tf.getKernel(name, 'wasm')?.kernelFunc;

describe('installWasmFixes', () => {
  it('installs every fix and reports them', () => {
    expect(installWasmFixes()).toEqual(WASM_FIXES.map((f) => f.name));
    expect(Object.values(wasmFixStates()).every((s) => s === 'installed')).toBe(true);
  });

  it('is idempotent: a second call wraps nothing twice', () => {
    const before = ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter'].map(kernelFuncOf);
    expect(installWasmFixes()).toEqual(installWasmFixes());
    expect(['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter'].map(kernelFuncOf)).toEqual(before);
  });

  it('keeps the stock setupFunc (it binds the C++ function the stock kernel calls)', () => {
    uninstallWasmFixes();
    const stockSetup = tf.getKernel('BatchMatMul', 'wasm').setupFunc;
    installWasmFixes();
    expect(stockSetup).toBeDefined();
    expect(tf.getKernel('BatchMatMul', 'wasm').setupFunc).toBe(stockSetup);
  });

  it('uninstall restores the stock kernels and removes the added ones', () => {
    installWasmFixes();
    const fixed = kernelFuncOf('BatchMatMul');
    uninstallWasmFixes();
    uninstallWasmFixes();
    expect(kernelFuncOf('BatchMatMul')).not.toBe(fixed);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeUndefined();
    expect(Object.values(wasmFixStates()).every((s) => s === 'not-installed')).toBe(true);
    installWasmFixes();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('the fixed kernels survive switching backends back and forth', async () => {
    installWasmFixes();
    await tf.setBackend('cpu');
    await tf.setBackend('wasm');
    const y = tf.tidy(() => tf.matMul(tf.ones([4, 3]), tf.ones([4, 5]), true, false));
    expect(Array.from(await y.data())).toEqual(new Array(15).fill(4));
    y.dispose();
  });
});
