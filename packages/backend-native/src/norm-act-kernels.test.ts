import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leversOffByEnv, leversOnByEnv, NATIVE_LEVERS, setNativeLever } from './levers.js';
import { GROUP_NORM, LAYER_NORM, SILU, SWISH } from './norm-act-kernels.js';
import {
  addon,
  expectFiniteDifferences,
  maxRelError,
  on,
  skipReason,
  tensor,
} from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

/** SiLU as tfjs ops (what @udm/nets composes without the fused kernel). */
const composedSilu = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.sigmoid(x));

/** GroupNorm over channels-last x [b, …, c] as tfjs ops, optionally followed by SiLU. */
function composedGroupNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, groups: number, silu: boolean) {
  const [b, ...rest] = x.shape;
  const c = rest[rest.length - 1]!;
  const grouped = tf.reshape(x, [b!, -1, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normed = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, 1e-5))), x.shape);
  const y = tf.add(tf.mul(normed, gamma), beta);
  return silu ? composedSilu(y) : y;
}

const fusedSilu = (x: tf.Tensor): tf.Tensor => tf.engine().runKernel(SILU, { x }) as tf.Tensor;
function fusedGroupNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, groups: number, silu: boolean) {
  return (
    tf.engine().runKernel(GROUP_NORM, { x, gamma, beta }, { groups, epsilon: 1e-5, silu }) as tf.Tensor[]
  )[0]!;
}

/** LayerNorm over the last axis as tfjs ops, and the fused kernel; swish x·σ(βx) likewise. */
function composedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}
const fusedLayerNorm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) =>
  (tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { epsilon: 1e-5 }) as tf.Tensor[])[0]!;
const composedSwish = (beta: number) => (x: tf.Tensor) => tf.mul(x, tf.sigmoid(tf.mul(x, beta)));
const fusedSwish = (beta: number) => (x: tf.Tensor) =>
  tf.engine().runKernel(SWISH, { x }, { beta }) as tf.Tensor;

/** Σ y·w for a fixed w: a scalar whose gradient exercises every output entry differently. */
const weighted = (y: tf.Tensor, seed: number): tf.Scalar => tf.sum(tf.mul(y, tensor(y.shape, seed)));

describe.skipIf(!addon.ok)(`fused SiLU and GroupNorm on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
  });
  afterAll(() => uninstallNativeWasmKernels());

  it('SiLU and its gradient equal the composed tfjs ops on the cpu backend', async () => {
    const make = () => tf.mul(tensor([3, 7, 5, 11], 1), 8); // values in [-8, 8)
    const [y, dx] = await on('wasm', () => {
      const x = make();
      return [fusedSilu(x), tf.grad((v: tf.Tensor) => weighted(fusedSilu(v), 2))(x)];
    });
    const [yRef, dxRef] = await on('cpu', () => {
      const x = make();
      return [composedSilu(x), tf.grad((v: tf.Tensor) => weighted(composedSilu(v), 2))(x)];
    });
    expect(maxRelError(y!, yRef!)).toBeLessThan(2e-6);
    expect(maxRelError(dx!, dxRef!)).toBeLessThan(2e-6);
    // Saturated inputs stay finite: σ(−200)·(−200) → 0, σ(200)·200 → 200.
    const [edge] = await on('wasm', () => fusedSilu(tf.tensor1d([-200, -88, 0, 88, 200])));
    expect(Array.from(edge!).every(Number.isFinite)).toBe(true);
    expect(edge![4]).toBeCloseTo(200, 3);
    expect(Math.abs(edge![0]!)).toBeLessThan(1e-30);
  });

  for (const silu of [false, true])
    for (const [shape, groups] of [
      [[2, 5, 3, 8], 4],
      [[3, 4, 4, 6], 1],
      [[1, 2, 2, 6], 6],
      [[2, 7, 12], 3],
    ] as Array<[number[], number]>)
      it(`GroupNorm${silu ? ' + SiLU' : ''} [${shape.join(', ')}], ${groups} groups: output and gradients (x, γ, β) equal the composed ops`, async () => {
        const c = shape[shape.length - 1]!;
        const inputs = () => ({
          x: tf.add(tf.mul(tensor(shape, 3), 3), 0.5),
          gamma: tf.add(tensor([c], 4), 1),
          beta: tensor([c], 5),
        });
        const run = (gn: typeof fusedGroupNorm) => () => {
          const { x, gamma, beta } = inputs();
          const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(gn(a, g, b, groups, silu), 6);
          return [gn(x, gamma, beta, groups, silu), ...tf.grads(f)([x, gamma, beta])];
        };
        const fused = await on('wasm', run(fusedGroupNorm));
        const ref = await on('cpu', run(composedGroupNorm));
        const names = ['y', 'dx', 'dγ', 'dβ'];
        fused.forEach((a, i) => expect(maxRelError(a, ref[i]!), names[i]).toBeLessThan(5e-5));
      });

  it('the GroupNorm + SiLU gradient agrees with central finite differences of the fused forward', async () => {
    await tf.setBackend('wasm');
    const shape = [2, 3, 3, 4];
    const x = tf.mul(tensor(shape, 7), 2);
    const gamma = tf.add(tensor([4], 8), 1);
    const beta = tensor([4], 9);
    const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(fusedGroupNorm(a, g, b, 2, true), 10);
    expectFiniteDifferences(loss, [x, gamma, beta], ['x', 'γ', 'β']);
    tf.dispose([x, gamma, beta]);
  });

  for (const beta of [1.702, 1, -0.5])
    it(`Swish β = ${beta} and its gradient equal the composed tfjs ops; finite differences agree`, async () => {
      const make = () => tf.mul(tensor([4, 9, 7], 12), 6);
      const run = (f: (x: tf.Tensor) => tf.Tensor) => () => {
        const x = make();
        return [f(x), tf.grad((v: tf.Tensor) => weighted(f(v), 13))(x)];
      };
      const [y, dx] = await on('wasm', run(fusedSwish(beta)));
      const [yRef, dxRef] = await on('cpu', run(composedSwish(beta)));
      expect(maxRelError(y!, yRef!)).toBeLessThan(2e-6);
      expect(maxRelError(dx!, dxRef!)).toBeLessThan(2e-6);
      await tf.setBackend('wasm');
      const x = tf.mul(tensor([3, 5], 14), 3);
      expectFiniteDifferences((v) => weighted(fusedSwish(beta)(v), 15), [x], ['x']);
      x.dispose();
    });

  for (const shape of [
    [7, 64],
    [2, 5, 12],
    [3, 1],
  ])
    it(`LayerNorm [${shape.join(', ')}]: output and gradients (x, γ, β) equal the composed ops; finite differences agree`, async () => {
      const d = shape[shape.length - 1]!;
      const inputs = () => ({
        x: tf.add(tf.mul(tensor(shape, 16), 3), 0.5),
        gamma: tf.add(tensor([d], 17), 1),
        beta: tensor([d], 18),
      });
      const run = (ln: typeof fusedLayerNorm) => () => {
        const { x, gamma, beta } = inputs();
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(ln(a, g, b), 19);
        return [ln(x, gamma, beta), ...tf.grads(f)([x, gamma, beta])];
      };
      const fused = await on('wasm', run(fusedLayerNorm));
      const ref = await on('cpu', run(composedLayerNorm));
      ['y', 'dx', 'dγ', 'dβ'].forEach((name, i) =>
        expect(maxRelError(fused[i]!, ref[i]!), name).toBeLessThan(5e-5),
      );
      if (d > 1) {
        await tf.setBackend('wasm');
        const { x, gamma, beta } = inputs();
        const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(fusedLayerNorm(a, g, b), 19);
        expectFiniteDifferences(loss, [x, gamma, beta], ['x', 'γ', 'β']);
        tf.dispose([x, gamma, beta]);
      }
    });

  it('trains through the LayerNorm and Swish kernels without leaking tensors; bad attributes are errors', async () => {
    await tf.setBackend('wasm');
    const gamma = tf.variable(tf.ones([16]), true, 'ln/gamma');
    const beta = tf.variable(tf.zeros([16]), true, 'ln/beta');
    const x = tensor([10, 16], 21);
    const opt = tf.train.adam(0.01);
    let before = 0;
    for (let s = 0; s < 6; s++) {
      if (s === 2) before = tf.memory().numTensors;
      const cost = opt.minimize(
        () => tf.mean(tf.square(fusedSwish(1.702)(fusedLayerNorm(x, gamma, beta)))) as tf.Scalar,
        true,
      );
      cost?.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { epsilon: -1 })).toThrow(
      /UdmLayerNorm: attr epsilon must be a number ≥ 0/,
    );
    expect(() => tf.engine().runKernel(SWISH, { x }, { beta: NaN })).toThrow(/UdmSwish: attr beta must be a finite/);
    tf.dispose([gamma, beta, x]);
    opt.dispose();
  });

  it('trains through the fused kernels without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const gamma = tf.variable(tf.ones([8]), true, 'na/gamma');
    const beta = tf.variable(tf.zeros([8]), true, 'na/beta');
    const x = tensor([4, 3, 3, 8], 11);
    const opt = tf.train.sgd(0.1);
    let before = 0;
    for (let s = 0; s < 6; s++) {
      if (s === 2) before = tf.memory().numTensors;
      const cost = opt.minimize(
        () => tf.mean(tf.square(fusedSilu(fusedGroupNorm(x, gamma, beta, 4, true)))) as tf.Scalar,
        true,
      );
      cost?.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([gamma, beta, x]);
    opt.dispose();
  });

  it('switches off and on as a lever; unknown names are errors naming the choices', () => {
    expect(Object.keys(NATIVE_LEVERS)).toEqual(expect.arrayContaining(['fused-adam', 'groupnorm-silu']));
    setNativeLever('groupnorm-silu', false);
    expect(tf.getKernel(GROUP_NORM, 'wasm')).toBeUndefined();
    expect(tf.getKernel(SILU, 'wasm')).toBeUndefined();
    setNativeLever('groupnorm-silu', true);
    expect(tf.getKernel(GROUP_NORM, 'wasm')).toBeDefined();
    expect(() => setNativeLever('nope', true)).toThrow(/unknown native lever 'nope'.*groupnorm-silu/);
    expect(leversOffByEnv({ UDM_NATIVE_OFF: 'groupnorm-silu', UDM_NATIVE_FUSED_ADAM: '0' })).toEqual([
      'groupnorm-silu',
      'fused-adam',
    ]);
    expect(leversOffByEnv({ UDM_NATIVE_OFF: 'all' })).toEqual(Object.keys(NATIVE_LEVERS));
    expect(() => leversOffByEnv({ UDM_NATIVE_OFF: 'fast' })).toThrow(/UDM_NATIVE_OFF: unknown lever 'fast'/);
    // dense-activation and attention are off unless asked for (they were not measured faster).
    expect(leversOnByEnv({})).toEqual([
      'fused-adam',
      'groupnorm-silu',
      'layer-norm',
      'swish-gelu',
      'sinusoidal-embedding',
    ]);
    expect(leversOnByEnv({ UDM_NATIVE_ON: 'dense-activation', UDM_NATIVE_OFF: 'fused-adam,layer-norm' })).toEqual([
      'groupnorm-silu',
      'dense-activation',
      'swish-gelu',
      'sinusoidal-embedding',
    ]);
    // The transformer's levers switch apart from the U-Net's (the same native code under other kernel names).
    setNativeLever('layer-norm', false);
    setNativeLever('swish-gelu', false);
    expect(tf.getKernel(LAYER_NORM, 'wasm')).toBeUndefined();
    expect(tf.getKernel(SWISH, 'wasm')).toBeUndefined();
    expect(tf.getKernel(GROUP_NORM, 'wasm')).toBeDefined();
    setNativeLever('layer-norm', true);
    setNativeLever('swish-gelu', true);
    expect(tf.getKernel(LAYER_NORM, 'wasm')).toBeDefined();
    expect(() => leversOnByEnv({ UDM_NATIVE_ON: 'x' })).toThrow(/UDM_NATIVE_ON: unknown lever 'x'/);
  });

  it('the addon rejects wrong lengths and group counts, naming the function', () => {
    const a = addon.ok ? addon.addon : undefined!;
    const f = (n: number) => new Float32Array(n);
    expect(() => a.silu(f(3), f(4))).toThrow(/silu: expected/);
    expect(() => a.siluGrad(f(3), f(3), f(2))).toThrow(/siluGrad: expected/);
    expect(() => a.silu(f(3), f(3), NaN)).toThrow(/silu: expected.*finite beta/);
    const dims = Int32Array.from([1, 4, 6, 4, 0]); // 4 groups do not divide 6 channels
    expect(() => a.groupNorm(dims, 1e-5, f(24), f(6), f(6), f(24), f(4), f(4))).toThrow(
      /groupNorm: expected/,
    );
    const ok = Int32Array.from([1, 4, 6, 3, 0]);
    expect(() => a.groupNorm(ok, 1e-5, f(23), f(6), f(6), f(24), f(3), f(3))).toThrow(/long enough/);
  });
});
