import * as tf from '@tensorflow/tfjs';
import * as t from 'io-ts';
import { ConfigError } from '../config/config-error.js';
import { showValue } from '../config/show-value.js';

/** Class labels y to sample with: one label for every sample, or one per sample. */
export type ClassLabels = number | readonly number[];

const isLabel = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0;

/** `sample.labels`: a class label (an integer ≥ 0) or an array of them, one per sample. */
export const classLabelsCodec = new t.Type<ClassLabels, ClassLabels, unknown>(
  'a class label (an integer ≥ 0) or an array of them (one per sample)',
  (u): u is ClassLabels => isLabel(u) || (Array.isArray(u) && u.length > 0 && u.every(isLabel)),
  (u, c) =>
    isLabel(u) || (Array.isArray(u) && u.length > 0 && u.every(isLabel))
      ? t.success(u as ClassLabels)
      : t.failure(
          u,
          c,
          `expected a class label (an integer ≥ 0) or a non-empty array of them, got ${showValue(u)}`,
        ),
  (a) => a,
);

/** What the labels are checked against. */
export interface LabelledModel {
  /** Classes of the data (undefined: the data have no labels, the model is unconditional). */
  readonly classes: number | undefined;
  /** Classes the network embeds (0: it ignores labels). */
  readonly networkClasses: number | undefined;
}

/**
 * Checks class labels against the model: it must be class-conditional (labelled data, a network with a label
 * embedding), every label in 0..classes−1 and, with `count`, an array must hold one label per sample. Errors name
 * `at` (e.g. `sample.labels`) and what was expected; nothing is ignored silently.
 */
export function checkClassLabels(
  labels: ClassLabels,
  model: LabelledModel,
  at: string,
  count?: number,
): void {
  const { classes, networkClasses } = model;
  if (classes === undefined)
    throw new ConfigError([
      `${at}: the model is unconditional (its data have no class labels), so labels would be ignored`,
    ]);
  if (networkClasses === 0)
    throw new ConfigError([
      `${at}: the network has no label embedding (e.g. network.labelEmbedding = 0), so labels would be ignored`,
    ]);
  const list = typeof labels === 'number' ? [labels] : labels;
  const bad = list.findIndex((y) => !(Number.isSafeInteger(y) && y >= 0 && y < classes));
  if (bad >= 0)
    throw new ConfigError([
      `${at}${typeof labels === 'number' ? '' : `.${bad}`}: expected a class label in 0..${classes - 1} ` +
        `(the data have ${classes} classes), got ${showValue(list[bad])}`,
    ]);
  if (count !== undefined && typeof labels !== 'number' && labels.length !== count)
    throw new ConfigError([
      `${at}: expected one label per sample (${count}) or a single label for all, got ${labels.length} labels`,
    ]);
}

/** The labels as an int32 tensor [count] (a single label repeated), after `checkClassLabels`. */
export function classLabelsTensor(
  labels: ClassLabels,
  model: LabelledModel,
  at: string,
  count: number,
): tf.Tensor1D {
  checkClassLabels(labels, model, at, count);
  return typeof labels === 'number'
    ? (tf.fill([count], labels, 'int32') as tf.Tensor1D)
    : tf.tensor1d(Int32Array.from(labels), 'int32');
}
