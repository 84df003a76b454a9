import * as tf from '@tensorflow/tfjs';
import { DataError } from './data-error.js';
import type { DataBatch, Dataset } from './dataset.js';
import { checkItemShape, describeIndex, firstInvalidValue, type ValueRange } from './validate-dataset.js';

/** Checks beyond shape and finiteness. */
export interface ArrayDatasetOptions {
  /** Every value must lie in [lo, hi] (e.g. [-1, 1] for images scaled for diffusion). */
  readonly range?: ValueRange;
}

/**
 * A `Dataset` over a row-major host array of examples (and optional integer labels). Validated on construction:
 * a valid item shape, at least one example, finite values (within `options.range` if given), one label per
 * example in [0, classes).
 */
export class ArrayDataset implements Dataset {
  readonly size: number;
  private readonly itemSize: number;

  constructor(
    private readonly values: Float32Array,
    readonly itemShape: readonly number[],
    private readonly labels?: Int32Array,
    readonly classes?: number,
    options: ArrayDatasetOptions = {},
  ) {
    checkItemShape(itemShape, 'dataset');
    this.itemSize = itemShape.reduce((a, b) => a * b, 1);
    if (this.itemSize <= 0 || values.length % this.itemSize !== 0) {
      throw new DataError(
        `dataset: ${values.length} values do not split into examples of shape [${itemShape.join(', ')}]`,
      );
    }
    this.size = values.length / this.itemSize;
    if (this.size === 0) throw new DataError('dataset: expected at least one example, got an empty dataset');
    const bad = firstInvalidValue(values, options.range);
    if (bad >= 0) {
      const v = values[bad]!;
      const where = describeIndex(bad, itemShape);
      throw new DataError(
        Number.isFinite(v)
          ? `dataset: value ${bad} (${where}) is ${v}, outside the expected range [${options.range![0]}, ${options.range![1]}]`
          : `dataset: value ${bad} is not finite (${v}; ${where})`,
      );
    }
    if (classes !== undefined && !(Number.isSafeInteger(classes) && classes >= 1))
      throw new DataError(`dataset: classes must be a positive integer, got ${classes}`);
    if (labels && labels.length !== this.size) {
      throw new DataError(`dataset: expected ${this.size} labels, got ${labels.length}`);
    }
    if (labels && classes !== undefined) {
      const i = labels.findIndex((l) => l < 0 || l >= classes);
      if (i >= 0)
        throw new DataError(
          `dataset: label ${i} is ${labels[i]}, outside [0, ${classes}) (classes = ${classes})`,
        );
    }
  }

  gather(indices: Int32Array): DataBatch {
    const out = new Float32Array(indices.length * this.itemSize);
    indices.forEach((idx, row) => {
      if (idx < 0 || idx >= this.size)
        throw new DataError(`dataset: index ${idx} out of range [0, ${this.size})`);
      out.set(this.values.subarray(idx * this.itemSize, (idx + 1) * this.itemSize), row * this.itemSize);
    });
    const x0 = tf.tensor(out, [indices.length, ...this.itemShape], 'float32');
    if (!this.labels) return { x0 };
    const labels = this.labels;
    return {
      x0,
      labels: tf.tensor1d(
        Int32Array.from(indices, (i) => labels[i]!),
        'int32',
      ),
    };
  }

  toArray(): Float32Array {
    return this.values.slice();
  }
}
