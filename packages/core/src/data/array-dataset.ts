import * as tf from '@tensorflow/tfjs';
import type { DataBatch, Dataset } from './dataset.js';

/** A `Dataset` over a row-major host array of examples (and optional integer labels). */
export class ArrayDataset implements Dataset {
  readonly size: number;
  private readonly itemSize: number;

  constructor(
    private readonly values: Float32Array,
    readonly itemShape: readonly number[],
    private readonly labels?: Int32Array,
    readonly classes?: number,
  ) {
    this.itemSize = itemShape.reduce((a, b) => a * b, 1);
    if (this.itemSize <= 0 || values.length % this.itemSize !== 0) {
      throw new RangeError(
        `dataset: ${values.length} values do not split into examples of shape [${itemShape.join(', ')}]`,
      );
    }
    this.size = values.length / this.itemSize;
    if (this.size === 0) throw new RangeError('dataset: expected at least one example, got an empty dataset');
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!))
        throw new RangeError(`dataset: value ${i} is not finite (${values[i]})`);
    }
    if (labels && labels.length !== this.size) {
      throw new RangeError(`dataset: expected ${this.size} labels, got ${labels.length}`);
    }
  }

  gather(indices: Int32Array): DataBatch {
    const out = new Float32Array(indices.length * this.itemSize);
    indices.forEach((idx, row) => {
      if (idx < 0 || idx >= this.size)
        throw new RangeError(`dataset: index ${idx} out of range [0, ${this.size})`);
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
