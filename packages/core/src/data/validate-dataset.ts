import { DataError } from './data-error.js';
import type { Dataset } from './dataset.js';

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
}

/** Checks an item shape: an array of positive integers (`what` names it in the error). */
export function checkItemShape(itemShape: readonly number[], what = 'data'): void {
  if (!Array.isArray(itemShape))
    throw new DataError(`${what}: item shape must be an array, got ${String(itemShape)}`);
  itemShape.forEach((d, i) => {
    if (!isPositiveInt(d))
      throw new DataError(
        `${what}: item shape [${itemShape.join(', ')}] has dimension ${i} = ${String(d)}, expected a positive integer`,
      );
  });
}

/**
 * Checks what the trainer relies on before the first step: at least one example, a valid item shape, a positive
 * integer class count when examples carry labels.
 */
export function validateDataset(data: Dataset, what = 'data'): void {
  if (!(Number.isSafeInteger(data.size) && data.size >= 0))
    throw new DataError(`${what}: size must be a non-negative integer, got ${String(data.size)}`);
  if (data.size === 0) throw new DataError(`${what}: the data set is empty (expected at least one example)`);
  checkItemShape(data.itemShape, what);
  if (data.classes !== undefined && !isPositiveInt(data.classes))
    throw new DataError(`${what}: classes must be a positive integer, got ${String(data.classes)}`);
}

/** The expected value range of examples, e.g. `[-1, 1]` for images scaled for diffusion. */
export type ValueRange = readonly [lo: number, hi: number];

/** The index of the first value that is not finite or lies outside `range`, or −1. */
export function firstInvalidValue(values: ArrayLike<number>, range?: ValueRange): number {
  const [lo, hi] = range ?? [-Infinity, Infinity];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < lo || v > hi) return i;
  }
  return -1;
}

/** Row-major flat index → `example k, position [i, j, …]` for error messages. */
export function describeIndex(flat: number, itemShape: readonly number[]): string {
  const itemSize = itemShape.reduce((a, b) => a * b, 1);
  const example = Math.floor(flat / itemSize);
  let rest = flat % itemSize;
  const position = new Array<number>(itemShape.length);
  for (let d = itemShape.length - 1; d >= 0; d--) {
    position[d] = rest % itemShape[d]!;
    rest = Math.floor(rest / itemShape[d]!);
  }
  return `example ${example}${itemShape.length > 1 ? `, position [${position.join(', ')}]` : itemShape[0] === 1 ? '' : `, coordinate ${position[0]}`}`;
}
