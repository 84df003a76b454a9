import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clipByGlobalNorm,
  firstNonFinite,
  firstNonFiniteAsync,
  globalNorm,
  lossAndGlobalNorm,
} from './gradients.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('globalNorm', () => {
  it('is the L2 norm over all gradients together', () => {
    const g = { a: tf.tensor1d([3]), b: tf.tensor2d([[4, 0]]) };
    expect(globalNorm(g)).toBeCloseTo(5, 6);
    const h = {
      m: tf.tensor2d([
        [1, 2],
        [2, 4],
      ]),
    };
    expect(globalNorm(h)).toBeCloseTo(5, 6); // √(1 + 4 + 4 + 16)
    expect(globalNorm({})).toBe(0);
    tf.dispose([...Object.values(g), ...Object.values(h)]);
  });

  it('propagates NaN and Infinity', () => {
    const g = { a: tf.tensor1d([1, NaN]) };
    const h = { a: tf.tensor1d([1, Infinity]) };
    expect(globalNorm(g)).toBeNaN();
    expect(globalNorm(h)).toBe(Infinity);
    tf.dispose([g.a, h.a]);
  });

  it('leaks no tensors', () => {
    const g = { a: tf.tensor1d([1, 2]), b: tf.tensor1d([3]) };
    const before = tf.memory().numTensors;
    globalNorm(g);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(g));
  });
});

describe('clipByGlobalNorm', () => {
  it('scales every gradient by maxNorm/‖g‖ when ‖g‖ > maxNorm, and disposes the originals', () => {
    const g = { a: tf.tensor1d([3]), b: tf.tensor1d([0, 4]) };
    const originals = Object.values(g);
    const norm = globalNorm(g);
    const out = clipByGlobalNorm(g, norm, 1);
    expect(Array.from(out['a']!.dataSync())[0]).toBeCloseTo(0.6, 6);
    const bOut = Array.from(out['b']!.dataSync());
    expect(bOut[0]).toBeCloseTo(0, 6);
    expect(bOut[1]).toBeCloseTo(0.8, 6);
    expect(globalNorm(out)).toBeCloseTo(1, 6);
    for (const o of originals) expect(o.isDisposed).toBe(true);
    tf.dispose(Object.values(out));
  });

  it('keeps the direction of the gradient', () => {
    const g = { a: tf.tensor1d([1, -2, 3]), b: tf.tensor1d([-4]) };
    const before = [1, -2, 3, -4];
    const norm = Math.sqrt(1 + 4 + 9 + 16);
    const out = clipByGlobalNorm(g, globalNorm(g), 0.5);
    const after = [...Array.from(out['a']!.dataSync()), ...Array.from(out['b']!.dataSync())];
    after.forEach((v, i) => expect(v).toBeCloseTo((before[i]! * 0.5) / norm, 6));
    tf.dispose(Object.values(out));
  });

  it('returns the same gradients untouched when ‖g‖ ≤ maxNorm', () => {
    const g = { a: tf.tensor1d([0.3]), b: tf.tensor1d([0.4]) };
    expect(clipByGlobalNorm(g, 0.5, 1)).toBe(g);
    expect(clipByGlobalNorm(g, 0.5, 0.5)).toBe(g);
    expect(g.a.isDisposed).toBe(false);
    expect(Array.from(g.a.dataSync())[0]).toBeCloseTo(0.3, 6);
    tf.dispose(Object.values(g));
  });
});

describe('firstNonFinite', () => {
  it('names the first gradient with a NaN or ±Infinity', () => {
    const g = { ok: tf.tensor1d([1, 2]), bad: tf.tensor1d([1, NaN]), worse: tf.tensor1d([Infinity]) };
    expect(firstNonFinite(g)).toBe('bad');
    expect(firstNonFinite({ ok: g.ok, worse: g.worse })).toBe('worse');
    expect(firstNonFinite({ ok: g.ok })).toBeUndefined();
    expect(firstNonFinite({})).toBeUndefined();
    tf.dispose(Object.values(g));
  });
});

describe('lossAndGlobalNorm (one asynchronous read per step)', () => {
  it('equals the loss and globalNorm, including the float32-overflow fallback, and leaks no tensors', async () => {
    const g = { a: tf.tensor1d([3]), b: tf.tensor2d([[4, 0]]) };
    const big = { a: tf.tensor1d([3e20, 4e20]) };
    const loss = tf.scalar(0.25);
    const before = tf.memory().numTensors;
    expect(await lossAndGlobalNorm(loss, g)).toEqual({ loss: 0.25, norm: globalNorm(g) });
    const overflow = await lossAndGlobalNorm(loss, big);
    expect(overflow.norm / 5e20).toBeCloseTo(1, 5);
    expect(await lossAndGlobalNorm(loss, {})).toEqual({ loss: 0.25, norm: 0 });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([loss, ...Object.values(g), ...Object.values(big)]);
  });

  it('reports a non-finite loss with a NaN norm, and a non-finite gradient in the norm', async () => {
    const nanLoss = tf.scalar(NaN);
    const ok = { a: tf.tensor1d([1]) };
    const r = await lossAndGlobalNorm(nanLoss, ok);
    expect(r.loss).toBeNaN();
    expect(r.norm).toBeNaN();
    const loss = tf.scalar(1);
    const bad = { a: tf.tensor1d([1, Infinity]) };
    expect((await lossAndGlobalNorm(loss, bad)).norm).toBe(Infinity);
    tf.dispose([nanLoss, loss, ok.a, bad.a]);
  });
});

describe('firstNonFiniteAsync', () => {
  it('names the same gradient as firstNonFinite', async () => {
    const g = { ok: tf.tensor1d([1, 2]), bad: tf.tensor1d([1, NaN]), worse: tf.tensor1d([Infinity]) };
    expect(await firstNonFiniteAsync(g)).toBe('bad');
    expect(await firstNonFiniteAsync({ ok: g.ok, worse: g.worse })).toBe('worse');
    expect(await firstNonFiniteAsync({ ok: g.ok })).toBeUndefined();
    expect(await firstNonFiniteAsync({})).toBeUndefined();
    tf.dispose(Object.values(g));
  });
});
