import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from './decode-node.js';
import { encodeSafetensors } from './encode-node.js';
import { f16ToNumber, safetensorsToTensors, tensorsToSafetensors } from './tf-tensors.js';

let previous: string | undefined;
beforeAll(async () => {
  previous = tf.getBackend() as string | undefined;
  await tf.setBackend('cpu');
});
afterAll(async () => {
  if (previous) await tf.setBackend(previous);
});

describe('tf tensors ↔ safetensors', () => {
  it('round-trips float32, int32 and bool tensors through the byte format', async () => {
    const tensors = {
      w: tf.tensor2d([
        [1, 2.5],
        [-3, 1e-8],
      ]),
      n: tf.tensor1d([7, -8, 2 ** 31 - 1], 'int32'),
      m: tf.tensor1d([true, false, true], 'bool'),
      s: tf.scalar(4.25),
    };
    const bytes = encodeSafetensors(await tensorsToSafetensors(tensors));
    const back = safetensorsToTensors(decodeSafetensors(bytes).tensors);
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name]!.dtype, name).toBe(t.dtype);
      expect(back[name]!.shape, name).toEqual(t.shape);
      expect(Array.from(await back[name]!.data()), name).toEqual(Array.from(await t.data()));
    }
    tf.dispose([...Object.values(tensors), ...Object.values(back)]);
  });

  it('converts other dtypes: F64/F16/BF16 → float32, small ints → int32', async () => {
    const back = safetensorsToTensors({
      d: { dtype: 'F64', shape: [2], data: Float64Array.from([0.5, -1.25]) },
      h: { dtype: 'F16', shape: [4], data: Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff]) },
      b: { dtype: 'BF16', shape: [3], data: Uint16Array.from([0x3f80, 0xc000, 0x3f00]) },
      u: { dtype: 'U8', shape: [2], data: Uint8Array.from([0, 255]) },
      l: { dtype: 'I64', shape: [2], data: BigInt64Array.from([-5n, 2n ** 31n - 1n]) },
    });
    expect(Array.from(await back['d']!.data())).toEqual([0.5, -1.25]);
    expect(Array.from(await back['h']!.data())).toEqual([1, -2, 0.5, 65504]);
    expect(Array.from(await back['b']!.data())).toEqual([1, -2, 0.5]);
    expect(back['u']!.dtype).toBe('int32');
    expect(Array.from(await back['l']!.data())).toEqual([-5, 2 ** 31 - 1]);
    tf.dispose(Object.values(back));
  });

  it('rejects integers that do not fit int32, naming the tensor, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      safetensorsToTensors({
        ok: { dtype: 'F32', shape: [1], data: Float32Array.from([1]) },
        big: { dtype: 'I64', shape: [2], data: BigInt64Array.from([1n, 2n ** 40n]) },
      }),
    ).toThrow(/tensor 'big': I64 element 1 = 1099511627776 does not fit int32/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects dtypes without a safetensors equivalent', async () => {
    const s = tf.tensor1d(['a'], 'string');
    await expect(tensorsToSafetensors({ s })).rejects.toThrow(/tensor 's': dtype string/);
    s.dispose();
  });

  it('decodes half floats, subnormals and specials', () => {
    expect(f16ToNumber(0x0001)).toBe(2 ** -24);
    expect(f16ToNumber(0x7c00)).toBe(Infinity);
    expect(f16ToNumber(0xfc00)).toBe(-Infinity);
    expect(f16ToNumber(0x7e00)).toBeNaN();
    expect(Object.is(f16ToNumber(0x8000), -0)).toBe(true);
  });
});
