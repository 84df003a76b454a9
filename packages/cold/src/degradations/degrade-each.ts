import * as tf from '@tensorflow/tfjs';
import type { Time } from '@udm/core';
import { checkLevel, degradesPerSample, type Degradation } from './degradation.js';

/**
 * D(x, t) with one level shared by the batch, or one level per sample: samples are grouped by level, each group is
 * degraded once, and the rows are put back in their original order. Works for any `Degradation`; one with the
 * `PerSampleDegradation` capability degrades all rows in one go instead.
 */
export function degradeEach(d: Degradation, x: tf.Tensor4D, t: Time): tf.Tensor4D {
  if (typeof t === 'number') {
    checkLevel(d, t);
    return d.degrade(x, t);
  }
  const batch = x.shape[0];
  if (t.length !== batch) throw new RangeError(`t: expected ${batch} per-sample levels, got ${t.length}`);
  const groups = new Map<number, number[]>();
  t.forEach((level, row) => {
    checkLevel(d, level);
    const rows = groups.get(level);
    if (rows) rows.push(row);
    else groups.set(level, [row]);
  });
  if (groups.size === 1) return d.degrade(x, t[0]!);
  const direct = degradesPerSample(d) ? d.degradePerSample(x, t) : undefined;
  if (direct !== undefined) return direct;
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    const order: number[] = [];
    for (const [level, rows] of groups) {
      parts.push(d.degrade(tf.gather(x, Int32Array.from(rows)), level));
      order.push(...rows);
    }
    const inverse = new Int32Array(batch);
    order.forEach((row, k) => (inverse[row] = k));
    return tf.gather(tf.concat(parts, 0), inverse);
  });
}
