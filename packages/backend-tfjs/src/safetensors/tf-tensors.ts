import * as tf from '@tensorflow/tfjs';
import { SafetensorsError, type SafetensorsTensor } from './dtype.js';

/** Copies tensors' values (async `data()`, so it also works on backends without `dataSync`). */
export async function tensorsToSafetensors(
  tensors: Record<string, tf.Tensor>,
): Promise<Record<string, SafetensorsTensor>> {
  const out = Object.create(null) as Record<string, SafetensorsTensor>;
  for (const [name, t] of Object.entries(tensors)) {
    const shape = [...t.shape];
    switch (t.dtype) {
      case 'float32':
        out[name] = { dtype: 'F32', shape, data: Float32Array.from((await t.data()) as Float32Array) };
        break;
      case 'int32':
        out[name] = { dtype: 'I32', shape, data: Int32Array.from((await t.data()) as Int32Array) };
        break;
      case 'bool':
        out[name] = { dtype: 'BOOL', shape, data: Uint8Array.from((await t.data()) as Uint8Array) };
        break;
      default:
        throw new SafetensorsError(`tensor '${name}': dtype ${t.dtype} has no safetensors equivalent`);
    }
  }
  return out;
}

/** IEEE half → number. */
export function f16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function toFloat32(t: SafetensorsTensor): Float32Array {
  switch (t.dtype) {
    case 'F32':
      return t.data as Float32Array;
    case 'F64':
      return Float32Array.from(t.data as Float64Array);
    case 'F16':
      return Float32Array.from(t.data as Uint16Array, f16ToNumber);
    case 'BF16':
      return new Float32Array(Uint32Array.from(t.data as Uint16Array, (b) => b << 16).buffer);
    default:
      throw new Error(`not a float dtype: ${t.dtype}`);
  }
}

function toInt32(name: string, t: SafetensorsTensor): Int32Array {
  const out = new Int32Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const v = Number(t.data[i]!);
    if (v < -(2 ** 31) || v >= 2 ** 31) {
      throw new SafetensorsError(
        `tensor '${name}': ${t.dtype} element ${i} = ${String(t.data[i])} does not fit int32`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Creates tf tensors: floats (F64, F32, F16, BF16) become float32, integers int32 (an error names
 * any value outside int32), BOOL bool. The caller owns (disposes) the tensors.
 */
export function safetensorsToTensors(tensors: Record<string, SafetensorsTensor>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  try {
    for (const [name, t] of Object.entries(tensors)) {
      let tensor: tf.Tensor;
      if (t.dtype === 'F32' || t.dtype === 'F64' || t.dtype === 'F16' || t.dtype === 'BF16') {
        tensor = tf.tensor(toFloat32(t), t.shape, 'float32');
      } else if (t.dtype === 'BOOL') {
        tensor = tf.tensor(t.data as Uint8Array, t.shape, 'bool');
      } else {
        tensor = tf.tensor(toInt32(name, t), t.shape, 'int32');
      }
      Object.defineProperty(out, name, {
        value: tensor,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  } catch (error) {
    tf.dispose(Object.values(out));
    throw error;
  }
  return out;
}
