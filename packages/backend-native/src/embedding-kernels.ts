import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/**
 * Kernel name of the sinusoidal time embedding (input `t` [b]; attrs `dim`, `maxPeriod`): [b, dim] rows
 * [sin(t·f_0), …, sin(t·f_{h−1}), cos(t·f_0), …, cos(t·f_{h−1})], f_i = float32(maxPeriod^(−i/h)), h = dim/2.
 * `@udm/nets`' `sinusoidalEmbedding` runs it by this name where the backend registers it, and composes
 * reshape · mul · sin · cos · concat (five kernels) elsewhere.
 */
export const SINUSOIDAL_EMBEDDING = 'UdmSinusoidalEmbedding';

/** Attributes of `UdmSinusoidalEmbedding`. */
export interface SinusoidalEmbeddingAttrs {
  dim: number;
  maxPeriod: number;
}

/** The float32 frequencies f_i = maxPeriod^(−i/h) (computed in float64, as the composed path computes them). */
export function embeddingFrequencies(dim: number, maxPeriod: number): Float32Array {
  const half = dim / 2;
  const freqs = new Float32Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.exp((-Math.log(maxPeriod) * i) / half);
  return freqs;
}

/**
 * `UdmSinusoidalEmbedding` in one pass over the backend's memory: the argument t·f_i rounded to float32 as the
 * composed path's float32 multiply rounds it, its sine and cosine in float64, each rounded once. A row whose t equals
 * the previous row's (every row of a sampler's batch) is a copy of it. The addon is not used: V8's sin/cos is faster
 * than the wasm backend's per-element libm call.
 */
export function hostSinusoidalEmbedding(
  _addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { t } = args.inputs as { t: TensorInfo };
    const { dim, maxPeriod } = args.attrs as unknown as SinusoidalEmbeddingAttrs;
    if (t.dtype !== 'float32' || t.shape.length !== 1) return fallback(args);
    const rows = t.shape[0]!;
    const half = dim / 2;
    const freqs = embeddingFrequencies(dim, maxPeriod);
    const mem = memory(args.backend);
    const out = mem.alloc([rows, dim]);
    const tv = mem.view(t);
    const y = mem.view(out);
    for (let r = 0; r < rows; r++) {
      const o = r * dim;
      const time = tv[r]!;
      if (r > 0 && time === tv[r - 1]) {
        y.copyWithin(o, o - dim, o);
        continue;
      }
      for (let i = 0; i < half; i++) {
        const arg = Math.fround(time * freqs[i]!);
        y[o + i] = Math.sin(arg);
        y[o + half + i] = Math.cos(arg);
      }
    }
    return out;
  };
}

/** d/dt of the embedding: Σ_i f_i·(cos(t·f_i)·dy_sin,i − sin(t·f_i)·dy_cos,i), with tfjs ops. */
export const SINUSOIDAL_EMBEDDING_GRADIENT: GradConfig = {
  kernelName: SINUSOIDAL_EMBEDDING,
  inputsToSave: ['t'],
  gradFunc: (dy, saved, attrs) => {
    const [t] = saved as [tf.Tensor1D];
    const { dim, maxPeriod } = attrs as unknown as SinusoidalEmbeddingAttrs;
    const half = dim / 2;
    return {
      t: () => {
        const f = tf.tensor2d(embeddingFrequencies(dim, maxPeriod), [1, half]);
        const args = tf.mul(tf.reshape(t, [-1, 1]), f);
        const [dSin, dCos] = tf.split(dy as tf.Tensor2D, 2, 1);
        return tf.sum(tf.mul(f, tf.sub(tf.mul(tf.cos(args), dSin!), tf.mul(tf.sin(args), dCos!))), 1);
      },
    };
  },
};

/** The kernel of the `sinusoidal-embedding` lever, by name. */
export const EMBEDDING_KERNELS = { [SINUSOIDAL_EMBEDDING]: hostSinusoidalEmbedding } as const;
