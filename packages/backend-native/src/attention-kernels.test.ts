import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENTION, ATTENTION_GRAD } from './attention-kernels.js';
import { leversOnByEnv, setNativeLever } from './levers.js';
import {
  addon,
  expectFiniteDifferences,
  maxRelError,
  on,
  skipReason,
  tensor,
} from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

/** Multi-head attention as tfjs ops on [n, l, heads·dh] (what @udm/nets composes without the fused kernel). */
function composedAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, heads: number, scale: number): tf.Tensor {
  const [n, l, w] = q.shape as [number, number, number];
  const split = (x: tf.Tensor) =>
    tf.reshape(tf.transpose(tf.reshape(x, [n, l, heads, w / heads]), [0, 2, 1, 3]), [n * heads, l, w / heads]);
  const p = tf.softmax(tf.mul(tf.matMul(split(q), split(k), false, true), scale));
  const y = tf.matMul(p, split(v));
  return tf.reshape(tf.transpose(tf.reshape(y, [n, heads, l, w / heads]), [0, 2, 1, 3]), [n, l, w]);
}

const fusedAttention = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, heads: number, scale: number): tf.Tensor =>
  (tf.engine().runKernel(ATTENTION, { q, k, v }, { heads, scale }) as tf.Tensor[])[0]!;

/** Σ y·w for a fixed w: a scalar whose gradient exercises every output entry differently. */
const weighted = (y: tf.Tensor, seed: number): tf.Scalar => tf.sum(tf.mul(y, tensor(y.shape, seed)));

describe.skipIf(!addon.ok)(`fused multi-head attention on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
    setNativeLever('attention', true); // off by default
  });
  afterAll(() => uninstallNativeWasmKernels());

  for (const [shape, heads] of [
    [[2, 5, 8], 2],
    [[3, 16, 64], 4],
    [[1, 1, 6], 3],
    [[2, 7, 6], 1],
  ] as Array<[number[], number]>)
    it(`[${shape.join(', ')}], ${heads} heads: output and gradients (q, k, v) equal the composed ops on cpu`, async () => {
      const scale = 1 / Math.sqrt(shape[2]! / heads);
      const run = (att: typeof fusedAttention) => () => {
        const [q, k, v] = [1, 2, 3].map((s) => tf.mul(tensor(shape, s), 2));
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => weighted(att(a, b, c, heads, scale), 4);
        return [att(q!, k!, v!, heads, scale), ...tf.grads(f)([q!, k!, v!])];
      };
      const fused = await on('wasm', run(fusedAttention));
      const ref = await on('cpu', run(composedAttention));
      ['y', 'dq', 'dk', 'dv'].forEach((name, i) => expect(maxRelError(fused[i]!, ref[i]!), name).toBeLessThan(5e-5));
    });

  it('the gradient agrees with central finite differences of the fused forward; large scores stay finite', async () => {
    await tf.setBackend('wasm');
    const shape = [2, 4, 6];
    const [q, k, v] = [5, 6, 7].map((s) => tensor(shape, s));
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => weighted(fusedAttention(a, b, c, 2, 0.7), 8);
    expectFiniteDifferences(loss, [q!, k!, v!], ['q', 'k', 'v']);
    for (const scale of [1, -1]) {
      const big = tf.tidy(() => fusedAttention(tf.mul(q!, 1e4), k!, v!, 2, scale).dataSync());
      expect(Array.from(big).every(Number.isFinite)).toBe(true);
    }
    tf.dispose([q!, k!, v!]);
  });

  it('trains without leaking tensors; bad shapes and attributes are errors naming the kernel', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(tensor([8, 8], 9), true, 'att/w');
    const x = tensor([3, 4, 8], 10);
    const opt = tf.train.adam(0.01);
    let before = 0;
    for (let s = 0; s < 5; s++) {
      if (s === 2) before = tf.memory().numTensors;
      const cost = opt.minimize(() => {
        const h = tf.reshape(tf.matMul(tf.reshape(x, [12, 8]), w), [3, 4, 8]);
        return tf.mean(tf.square(fusedAttention(h, h, x, 2, 0.5))) as tf.Scalar;
      }, true);
      cost?.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    const y = tensor([3, 4, 6], 11);
    expect(() => fusedAttention(x, x, x, 3, 1)).toThrow(/UdmAttention: expected q, k, v .*heads \(3\) dividing/);
    expect(() => fusedAttention(x, x, y, 2, 1)).toThrow(/UdmAttention: q, k and v must have one shape/);
    expect(() => fusedAttention(x, x, x, 2, NaN)).toThrow(/UdmAttention: attr scale must be a finite number/);
    tf.dispose([w, x, y]);
    opt.dispose();
  });

  it('switches off and on as the attention lever; the addon rejects wrong lengths', () => {
    setNativeLever('attention', false);
    expect(tf.getKernel(ATTENTION, 'wasm')).toBeUndefined();
    expect(tf.getKernel(ATTENTION_GRAD, 'wasm')).toBeUndefined();
    setNativeLever('attention', true);
    expect(tf.getKernel(ATTENTION, 'wasm')).toBeDefined();
    expect(leversOnByEnv({})).not.toContain('attention');
    expect(leversOnByEnv({ UDM_NATIVE_ON: 'attention' })).toContain('attention');
    const a = addon.ok ? addon.addon : undefined!;
    const f = (n: number) => new Float32Array(n);
    const dims = Int32Array.from([1, 2, 2, 3]);
    expect(() => a.attention(dims, 1, f(12), f(12), f(12), f(12), f(7))).toThrow(/attention: q, k, v, y/);
    expect(() => a.attention(Int32Array.from([1, 0, 2, 3]), 1, f(0), f(0), f(0), f(0), f(0))).toThrow(
      /attention: expected/,
    );
    expect(() => a.attentionGrad(dims, 1, f(12), f(12), f(12), f(12), f(8), f(12), f(12), f(11))).toThrow(
      /attentionGrad: dy/,
    );
  });
});
