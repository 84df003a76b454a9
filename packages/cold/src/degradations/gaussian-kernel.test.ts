import { describe, expect, it } from 'vitest';
import { gaussianKernel1d } from './gaussian-kernel.js';

describe('gaussianKernel1d', () => {
  it('is the normalised exp(−(i − ⌊k/2⌋)²/(2σ²)), symmetric, in float64', () => {
    const k = gaussianKernel1d(11, 7);
    expect(k).toBeInstanceOf(Float64Array);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    for (let i = 0; i < 11; i++) {
      expect(k[i]).toBeCloseTo(k[10 - i]!, 15);
      // ratio to the centre tap is exp(−d²/(2σ²))
      expect(k[i]! / k[5]!).toBeCloseTo(Math.exp(-((i - 5) ** 2) / 98), 14);
    }
  });

  it('a tiny σ is (numerically) the identity kernel', () => {
    const k = gaussianKernel1d(5, 0.05);
    expect(k[2]).toBeCloseTo(1, 12);
  });

  it('rejects even sizes and non-positive σ', () => {
    expect(() => gaussianKernel1d(10, 1)).toThrow(/kernelSize: expected an odd positive integer, got 10/);
    expect(() => gaussianKernel1d(3, 0)).toThrow(/std: expected a positive number, got 0/);
  });
});
