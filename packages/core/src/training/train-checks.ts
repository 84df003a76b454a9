import * as tf from '@tensorflow/tfjs';
import type { NamedVariables } from '../contracts/network.js';
import { DataError } from '../data/data-error.js';
import type { DataBatch } from '../data/dataset.js';
import { describeIndex, validateDataset } from '../data/validate-dataset.js';
import type { TrainOptions } from './train.js';

function checkInt(name: string, value: unknown, min: number): void {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= min))
    throw new RangeError(`${name}: expected an integer ≥ ${min}, got ${String(value)}`);
}

/** The trainer's preconditions, checked before anything is drawn or allocated. */
export function checkTrainOptions(o: TrainOptions): void {
  checkInt('batchSize', o.batchSize, 1);
  checkInt('steps', o.steps, 0);
  if (o.accumulate !== undefined) checkInt('accumulate', o.accumulate, 1);
  if (o.startStep !== undefined) checkInt('startStep', o.startStep, 0);
  if (o.checkpointEvery !== undefined) checkInt('checkpointEvery', o.checkpointEvery, 1);
  if (o.gradClipNorm !== undefined && !(o.gradClipNorm > 0 && o.gradClipNorm < Infinity))
    throw new RangeError(`gradClipNorm: expected a positive finite number, got ${o.gradClipNorm}`);
  validateDataset(o.data);
}

/** A batch must have the shape [B, ...itemShape] the data set promised (`step` names it; none: a test batch). */
export function checkBatch(
  batch: DataBatch,
  batchSize: number,
  itemShape: readonly number[],
  step?: number,
): void {
  const which = step === undefined ? `a batch of ${batchSize}` : `the batch of step ${step}`;
  const expected = [batchSize, ...itemShape];
  if (!tf.util.arraysEqual(batch.x0.shape, expected)) {
    throw new DataError(
      `data: ${which} has shape [${batch.x0.shape.join(', ')}], expected [${expected.join(', ')}] ` +
        '(batch size, then the data set’s item shape)',
    );
  }
  if (batch.labels && batch.labels.shape[0] !== batchSize)
    throw new DataError(`data: ${which} has ${batch.labels.shape[0]} labels for ${batchSize} examples`);
}

/** Beyond this magnitude a value's square overflows float32 (√3.4e38): a loss over such data cannot be finite. */
export const FLOAT32_SQUARE_LIMIT = Math.sqrt(3.4028234663852886e38);

/**
 * A DataError when the batch holds a NaN or ±Infinity, or a finite value so large that its square overflows float32
 * (e.g. 3e38): a non-finite loss or gradient is then blamed on the data, not reported as a divergence.
 */
export async function nonFiniteData(
  x0: tf.Tensor,
  itemShape: readonly number[],
  step: number,
): Promise<DataError | undefined> {
  const values = await x0.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      return new DataError(
        `data: the batch of step ${step} holds a non-finite value (${v} at ${describeIndex(i, itemShape)} of ` +
          'the batch); clean the data set (the weights were not updated)',
      );
    }
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Math.abs(v) > FLOAT32_SQUARE_LIMIT) {
      return new DataError(
        `data: the batch of step ${step} holds ${v} at ${describeIndex(i, itemShape)} of the batch, beyond ` +
          `±${FLOAT32_SQUARE_LIMIT.toPrecision(3)} (its square overflows float32), so the loss is not finite; ` +
          'rescale the data set (the weights were not updated)',
      );
    }
  }
  return undefined;
}

/**
 * The first variable holding a NaN or ±Infinity, with the first such value. One asynchronous read covers all
 * variables (no `dataSync`: it works on backends whose reads must be asynchronous).
 */
export async function nonFiniteWeights(
  variables: NamedVariables,
  label: string,
): Promise<{ tensor: string; value: number } | undefined> {
  const entries = [...variables];
  if (entries.length === 0) return undefined;
  const flagTensor = tf.tidy(() => tf.stack(entries.map(([, v]) => tf.all(tf.isFinite(v)))));
  const flags = await flagTensor.data();
  flagTensor.dispose();
  const i = flags.findIndex((f) => f === 0);
  if (i < 0) return undefined;
  const [name, v] = entries[i]!;
  const value = Array.from(await v.data()).find((x) => !Number.isFinite(x)) ?? NaN;
  return { tensor: `${label} ${name}`, value };
}
