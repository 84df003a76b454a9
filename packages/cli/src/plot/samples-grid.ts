import { valueRange } from '@udm/core';
import { imageGridPng } from './image-grid-png.js';

/** Samples drawn in the image grid of image data. */
export const GRID_IMAGES = 64;

/** [h, w] or [h, w, c] with 1 or 3 channels. */
export function isImageShape(item: readonly number[]): boolean {
  return item.length === 2 || (item.length === 3 && (item[2] === 1 || item[2] === 3));
}

/**
 * A PNG grid of the first `GRID_IMAGES` of `samples` (row-major images of shape `item`), black … white spanning the
 * value range of the real `data` (the held-out images), so samples and data are drawn on one scale.
 */
export function samplesGridPng(samples: Float32Array, item: readonly number[], data: Float32Array): Buffer {
  const per = item.reduce((a, b) => a * b, 1);
  const n = Math.min(samples.length / per, GRID_IMAGES);
  return imageGridPng(samples.subarray(0, n * per), [n, ...item], { range: valueRange(data) });
}
