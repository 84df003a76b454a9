import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { selectBackend } from '@udm/backend-tfjs';
import { createGroupNorm, groupNorm, groupNormSilu } from './group-norm.js';
import { createDense, dense, type DenseActivation } from './dense.js';
import { silu } from './silu.js';
import { gelu } from '../transformer/gelu.js';
import { createLayerNorm, layerNorm } from '../transformer/layer-norm.js';
import { rotaryTables } from '../transformer/rotary.js';
import { createAttention, selfAttention } from '../transformer/self-attention.js';

// The layers run @udm/backend-native's fused kernels where the backend registers them (native), and compose tfjs
// ops elsewhere (cpu): both must give the same values and gradients.
let nativeWhy = '';
// UdmDense and UdmAttention (the dense-activation and attention levers) are off by default; switched on to check them.
process.env['UDM_NATIVE_ON'] = 'dense-activation,attention';
try {
  const s = await selectBackend({ prefer: 'native', log: () => undefined });
  if (s.name !== 'native') nativeWhy = `selectBackend gave ${s.name}`;
} catch (error) {
  nativeWhy = (error as Error).message.split('\n')[0]!;
} finally {
  delete process.env['UDM_NATIVE_ON'];
}
const fused = nativeWhy === '' && tf.getKernel('UdmGroupNorm', 'wasm') !== undefined;
if (!fused) nativeWhy ||= 'the native backend has no UdmGroupNorm kernel';
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Values and gradients (x, γ, β) of Σ f(x)·w on `backend`. */
async function run(
  backend: string,
  f: typeof groupNorm,
): Promise<{ out: Float32Array[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const rng = new SeededRng(3);
  const layer = createGroupNorm(8, 4);
  layer.gamma.assign(tf.tensor1d(Float32Array.from(rng.normals(8), (v) => 1 + 0.5 * v)));
  layer.beta.assign(tf.tensor1d(Float32Array.from(rng.normals(8))));
  const x = tf.tensor4d(
    Float32Array.from(rng.normals(2 * 5 * 3 * 8), (v) => 2 * v + 1),
    [2, 5, 3, 8],
  );
  const w = tf.tensor4d(Float32Array.from(rng.normals(2 * 5 * 3 * 8)), [2, 5, 3, 8]);
  const loss = () => tf.sum(tf.mul(f(x, layer), w)) as tf.Scalar;
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(loss, [layer.gamma, layer.beta]);
    tf.dispose([value, grads]);
  });
  const { value, grads } = tf.variableGrads(loss, [layer.gamma, layer.beta]);
  const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v as tf.Tensor4D, layer), w)))(x);
  const y = f(x, layer);
  const out = [y, dx, grads[layer.gamma.name]!, grads[layer.beta.name]!].map((t) =>
    Float32Array.from(t.dataSync()),
  );
  tf.dispose([value, ...Object.values(grads), dx, y, x, w, layer.gamma, layer.beta]);
  return { out, kernels: profile.kernelNames };
}

/** Each output of `got` equals `want`'s within 5e-5 relative (to max(1, |want|)). */
function expectClose(got: Float32Array[], want: Float32Array[], names: readonly string[]): void {
  got.forEach((a, i) => {
    const b = want[i]!;
    const worst = a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j]!) / Math.max(1, Math.abs(b[j]!))), 0);
    expect(worst, names[i]).toBeLessThan(5e-5);
  });
}

describe.skipIf(!fused)(
  `nets layers on fused native kernels${fused ? '' : ` (SKIPPED: ${nativeWhy})`}`,
  () => {
    for (const [name, f] of [
      ['groupNorm', groupNorm],
      ['groupNormSilu', groupNormSilu],
    ] as const)
      it(`${name}: one fused kernel on native, same values and gradients as the composed ops on cpu`, async () => {
        const native = await run('wasm', f);
        const composed = await run('cpu', f);
        expect(native.kernels).toContain('UdmGroupNorm');
        expect(native.kernels).toContain('UdmGroupNormGrad');
        expect(native.kernels).not.toContain('Rsqrt');
        expect(composed.kernels).not.toContain('UdmGroupNorm');
        expectClose(native.out, composed.out, ['y', 'dx', 'dγ', 'dβ']);
      });

    it('silu runs UdmSilu on native and keeps no extra tensor', async () => {
      await tf.setBackend('wasm');
      const x = tf.tensor1d([-3, -0.5, 0, 0.5, 3]);
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() => tf.dispose(silu(x)));
      expect(profile.kernelNames).toEqual(['UdmSilu']);
      expect(tf.memory().numTensors).toBe(before);
      const y = silu(x);
      const want = [-3, -0.5, 0, 0.5, 3].map((v) => v / (1 + Math.exp(-v)));
      Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      tf.dispose([x, y]);
    });

    for (const activation of ['linear', 'relu', 'silu'] as DenseActivation[])
      it(`dense (${activation}): UdmDense on native, same values and gradients as the composed ops on cpu`, async () => {
        const runOn = async (backend: string) => {
          await tf.setBackend(backend);
          const rng = new SeededRng(5);
          const layer = createDense(6, 9, rng);
          layer.bias.assign(tf.tensor1d(Float32Array.from(rng.normals(9))));
          const x = tf.tensor2d(Float32Array.from(rng.normals(12 * 6)), [12, 6]);
          const r = tf.tensor2d(Float32Array.from(rng.normals(12 * 9)), [12, 9]);
          const loss = () => tf.sum(tf.mul(dense(x, layer, activation), r)) as tf.Scalar;
          const profile = await tf.profile(() =>
            tf.dispose(tf.variableGrads(loss, [layer.weight, layer.bias]).grads),
          );
          const { value, grads } = tf.variableGrads(loss, [layer.weight, layer.bias]);
          const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(dense(v as tf.Tensor2D, layer, activation), r)))(
            x,
          );
          const out = [dense(x, layer, activation), dx, grads[layer.weight.name]!, grads[layer.bias.name]!];
          const data = out.map((t) => Float32Array.from(t.dataSync()));
          tf.dispose([value, ...Object.values(grads), ...out, x, r, layer.weight, layer.bias]);
          return { data, kernels: profile.kernelNames };
        };
        const native = await runOn('wasm');
        const composed = await runOn('cpu');
        expect(native.kernels).toEqual(expect.arrayContaining(['UdmDense', 'UdmDenseGrad']));
        expect(native.kernels).not.toContain('BatchMatMul');
        expect(composed.kernels).not.toContain('UdmDense');
        expectClose(native.data, composed.data, ['y', 'dx', 'dW', 'db']);
      });
  
    it('transformer layerNorm and gelu: UdmLayerNorm and UdmSwish on native, same values and gradients as the composed ops on cpu', async () => {
      const runOn = async (backend: string) => {
        await tf.setBackend(backend);
        const rng = new SeededRng(7);
        const layer = createLayerNorm(16);
        layer.gamma.assign(tf.tensor1d(Float32Array.from(rng.normals(16), (v) => 1 + 0.5 * v)));
        layer.beta.assign(tf.tensor1d(Float32Array.from(rng.normals(16))));
        const x = tf.tensor3d(Float32Array.from(rng.normals(3 * 5 * 16), (v) => 2 * v + 1), [3, 5, 16]);
        const r = tf.tensor3d(Float32Array.from(rng.normals(3 * 5 * 16)), [3, 5, 16]);
        const f = (v: tf.Tensor) => gelu(layerNorm(v, layer));
        const loss = () => tf.sum(tf.mul(f(x), r)) as tf.Scalar;
        const profile = await tf.profile(() => {
          const { value, grads } = tf.variableGrads(loss, [layer.gamma, layer.beta]);
          tf.dispose([value, ...Object.values(grads)]);
        });
        const before = tf.memory().numTensors;
        const { value, grads } = tf.variableGrads(loss, [layer.gamma, layer.beta]);
        const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), r)))(x);
        const out = [tf.tidy(() => f(x)), dx, grads[layer.gamma.name]!, grads[layer.beta.name]!];
        const data = out.map((t) => Float32Array.from(t.dataSync()));
        tf.dispose([value, ...Object.values(grads), ...out]);
        const leaked = tf.memory().numTensors - before;
        tf.dispose([x, r, layer.gamma, layer.beta]);
        return { data, kernels: profile.kernelNames, leaked };
      };
      const native = await runOn('wasm');
      const composed = await runOn('cpu');
      expect(native.kernels).toEqual(
        expect.arrayContaining(['UdmLayerNorm', 'UdmLayerNormGrad', 'UdmSwish', 'UdmSwishGrad']),
      );
      expect(native.kernels).not.toContain('Sigmoid');
      expect(composed.kernels).not.toContain('UdmLayerNorm');
      expect(native.leaked).toBe(0);
      expectClose(native.data, composed.data, ['y', 'dx', 'dγ', 'dβ']);
    });
  
    for (const rotary of [true, false])
      it(`selfAttention (rotary ${rotary ? 'on' : 'off'}): UdmAttention on native, no transposes, same values and gradients as the composed ops on cpu`, async () => {
        const [B, L, H, d] = [3, 6, 2, 8];
        const runOn = async (backend: string) => {
          await tf.setBackend(backend);
          const rng = new SeededRng(9);
          const w = createAttention(d, rng);
          const tables = rotary ? rotaryTables(L, d / H) : undefined;
          const x = tf.tensor2d(Float32Array.from(rng.normals(B * L * d)), [B * L, d]);
          const r = tf.tensor2d(Float32Array.from(rng.normals(B * L * d)), [B * L, d]);
          const vars = [w.query.weight, w.key.weight, w.value.weight, w.out.weight];
          const loss = () => tf.sum(tf.mul(selfAttention(x, B, L, H, w, tables), r)) as tf.Scalar;
          const profile = await tf.profile(() => {
            const { value, grads } = tf.variableGrads(loss, vars);
            tf.dispose([value, ...Object.values(grads)]);
          });
          const before = tf.memory().numTensors;
          const { value, grads } = tf.variableGrads(loss, vars);
          const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(selfAttention(v as tf.Tensor2D, B, L, H, w, tables), r)))(x);
          const out = [selfAttention(x, B, L, H, w, tables), dx, ...vars.map((v) => grads[v.name]!)];
          const data = out.map((t) => Float32Array.from(t.dataSync()));
          tf.dispose([value, ...Object.values(grads), ...out]);
          const leaked = tf.memory().numTensors - before;
          tf.dispose([x, r, ...Object.values(w).flatMap((l) => [l.weight, l.bias])]);
          return { data, kernels: profile.kernelNames, leaked };
        };
        const native = await runOn('wasm');
        const composed = await runOn('cpu');
        expect(native.kernels).toEqual(expect.arrayContaining(['UdmAttention', 'UdmAttentionGrad']));
        expect(native.kernels).not.toContain('Transpose');
        expect(native.kernels).not.toContain('Softmax');
        expect(composed.kernels).not.toContain('UdmAttention');
        expect(native.leaked).toBe(0);
        expectClose(native.data, composed.data, ['y', 'dx', 'dWq', 'dWk', 'dWv', 'dWo']);
      });
  },
);
