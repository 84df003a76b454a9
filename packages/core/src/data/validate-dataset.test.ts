import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataset } from './array-dataset.js';
import { DataError } from './data-error.js';
import type { Dataset } from './dataset.js';
import { checkItemShape, describeIndex, firstInvalidValue, validateDataset } from './validate-dataset.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const fake = (patch: Partial<Dataset>): Dataset => ({
  itemShape: [2],
  size: 4,
  gather: () => ({ x0: tf.zeros([1, 2]) }),
  toArray: () => new Float32Array(8),
  ...patch,
});

describe('validateDataset', () => {
  it('accepts a valid data set', () => {
    expect(() => validateDataset(fake({}))).not.toThrow();
    expect(() => validateDataset(fake({ itemShape: [28, 28, 1], classes: 10 }))).not.toThrow();
    expect(() => validateDataset(fake({ itemShape: [] }))).not.toThrow(); // scalar items
  });

  it('names what is wrong, as DataErrors (RangeErrors)', () => {
    const cases: Array<[Partial<Dataset>, string]> = [
      [{ size: 0 }, 'data: the data set is empty (expected at least one example)'],
      [{ size: -1 }, 'data: size must be a non-negative integer, got -1'],
      [{ size: NaN }, 'data: size must be a non-negative integer, got NaN'],
      [
        { itemShape: [28, 0, 1] },
        'data: item shape [28, 0, 1] has dimension 1 = 0, expected a positive integer',
      ],
      [{ itemShape: [2.5] }, 'data: item shape [2.5] has dimension 0 = 2.5, expected a positive integer'],
      [{ classes: 0 }, 'data: classes must be a positive integer, got 0'],
    ];
    for (const [patch, message] of cases) {
      let error: unknown;
      try {
        validateDataset(fake(patch));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe(message);
    }
  });

  it('checkItemShape rejects non-arrays and negative dimensions', () => {
    expect(() => checkItemShape('2' as unknown as number[], 'x')).toThrow(/x: item shape must be an array/);
    expect(() => checkItemShape([-2, -1])).toThrow(/dimension 0 = -2/);
  });
});

describe('firstInvalidValue / describeIndex', () => {
  it('finds the first non-finite or out-of-range value', () => {
    expect(firstInvalidValue([0, 1, 2])).toBe(-1);
    expect(firstInvalidValue([0, Infinity, NaN])).toBe(1);
    expect(firstInvalidValue([0, 0.5, 2], [0, 1])).toBe(2);
    expect(firstInvalidValue([0, -0.5], [0, 1])).toBe(1);
  });

  it('locates a flat index in an example', () => {
    expect(describeIndex(37, [4, 4, 1])).toBe('example 2, position [1, 1, 0]');
    expect(describeIndex(5, [2])).toBe('example 2, coordinate 1');
    expect(describeIndex(3, [1])).toBe('example 3');
  });
});

describe('ArrayDataset validation', () => {
  it('checks the value range when given one (images scaled to [-1, 1])', () => {
    const pixels = Float32Array.from({ length: 2 * 4 }, (_, i) => (i === 6 ? 255 : 0));
    expect(() => new ArrayDataset(pixels, [2, 2, 1], undefined, undefined, { range: [-1, 1] })).toThrow(
      'dataset: value 6 (example 1, position [1, 0, 0]) is 255, outside the expected range [-1, 1]',
    );
    expect(() => new ArrayDataset(pixels, [2, 2, 1])).not.toThrow();
  });

  it('checks item shapes, labels against the class count, and the class count', () => {
    const v = new Float32Array(6);
    expect(() => new ArrayDataset(v, [-2, -3])).toThrow(
      /dataset: item shape \[-2, -3\] has dimension 0 = -2/,
    );
    expect(() => new ArrayDataset(v, [2], Int32Array.from([0, 3, 1]), 3)).toThrow(
      'dataset: label 1 is 3, outside [0, 3) (classes = 3)',
    );
    expect(() => new ArrayDataset(v, [2], Int32Array.from([0, -1, 1]), 3)).toThrow(/label 1 is -1/);
    expect(() => new ArrayDataset(v, [2], Int32Array.from([0, 1, 1]), 0)).toThrow(
      'dataset: classes must be a positive integer, got 0',
    );
    expect(() => new ArrayDataset(v, [2], Int32Array.from([0, 1, 2]), 3)).not.toThrow();
  });

  it('throws DataErrors that are RangeErrors (backward compatible)', () => {
    expect(() => new ArrayDataset(new Float32Array(0), [2])).toThrow(DataError);
    expect(() => new ArrayDataset(new Float32Array(0), [2])).toThrow(RangeError);
  });
});
