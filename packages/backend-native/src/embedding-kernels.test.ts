import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINUSOIDAL_EMBEDDING } from './embedding-kernels.js';
import { setNativeLever } from './levers.js';
import {
  addon,
  expectFiniteDifferences,
  maxRelError,
  on,
  skipReason,
  tensor,
} from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

/** The embedding as tfjs ops (what @udm/nets composes without the kernel). */
function composed(t: tf.Tensor1D, dim: number, maxPeriod: number): tf.Tensor {
  const half = dim / 2;
  const freqs = new Float32Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.exp((-Math.log(maxPeriod) * i) / half);
  const args = tf.mul(tf.reshape(t, [-1, 1]), tf.tensor2d(freqs, [1, half]));
  return tf.concat([tf.sin(args), tf.cos(args)], 1);
}

const fused = (t: tf.Tensor1D, dim: number, maxPeriod: number): tf.Tensor =>
  tf.engine().runKernel(SINUSOIDAL_EMBEDDING, { t }, { dim, maxPeriod }) as tf.Tensor;

/** Times as a trainer draws them (integers up to 999, repeats included) and as a sampler passes them (one t). */
const times = (): tf.Tensor1D => tf.tensor1d([0, 1, 999, 999, 500, 17.5, 3, 3, 3, 250.25, 0.001, 998]);

describe.skipIf(!addon.ok)(`UdmSinusoidalEmbedding on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
  });
  afterAll(() => uninstallNativeWasmKernels());

  for (const [dim, maxPeriod] of [
    [32, 10000],
    [2, 10000],
    [64, 100],
  ] as const)
    it(`dim ${dim}, max period ${maxPeriod}: equals the composed ops on the same backend within float rounding`, async () => {
      const [y] = await on('wasm', () => fused(times(), dim, maxPeriod));
      setNativeLever('sinusoidal-embedding', false);
      try {
        const [ref] = await on('wasm', () => composed(times(), dim, maxPeriod));
        expect(y!.length).toBe(12 * dim);
        // Same float32 arguments; sin/cos in float64 rounded once versus wasm's float32 libm: a few ulps apart.
        expect(maxRelError(y!, ref!)).toBeLessThan(1e-6);
      } finally {
        setNativeLever('sinusoidal-embedding', true);
      }
    });

  it('a batch of one repeated time (a sampler step) is that row repeated', async () => {
    const [y] = await on('wasm', () => fused(tf.fill([5], 321) as tf.Tensor1D, 16, 10000));
    for (let r = 1; r < 5; r++)
      expect(Array.from(y!.subarray(r * 16, r * 16 + 16))).toEqual(Array.from(y!.subarray(0, 16)));
  });

  it('has a gradient with respect to t that agrees with finite differences, and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const t = tf.mul(tf.add(tensor([6], 3), 1), 2) as tf.Tensor1D; // t in [0, 4)
    const w = tensor([6, 8], 4);
    const loss = (u: tf.Tensor) => tf.sum(tf.mul(fused(u as tf.Tensor1D, 8, 10), w)) as tf.Scalar;
    expectFiniteDifferences(loss, [t], ['t']);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.grad(loss)(t).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t, w]);
  });
});
