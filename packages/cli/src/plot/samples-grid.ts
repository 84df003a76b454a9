import { valueRange } from '@udm/core';
import { imageGridPng } from './image-grid-png.js';
import { classGridPng, labelledImageGridPng } from './labelled-image-grid.js';

/** Samples drawn in the image grid of image data. */
export const GRID_IMAGES = 64;

/** [h, w] or [h, w, c] with 1 or 3 channels. */
export function isImageShape(item: readonly number[]): boolean {
  return item.length === 2 || (item.length === 3 && (item[2] === 1 || item[2] === 3));
}

/**
 * A PNG grid of the first `GRID_IMAGES` of `samples` (row-major images of shape `item`), black … white spanning the
 * value range of the real `data` (the held-out images), so samples and data are drawn on one scale. With class
 * `labels` (a class-conditional model): one label for all is the grid's title; one per sample gives one row per class,
 * each labelled `y = k`.
 */
export function samplesGridPng(
  samples: Float32Array,
  item: readonly number[],
  data: Float32Array,
  labels: number | readonly number[] | null = null,
): Buffer {
  const per = item.reduce((a, b) => a * b, 1);
  const n = Math.min(samples.length / per, GRID_IMAGES);
  const images = samples.subarray(0, n * per);
  const range = valueRange(data);
  if (labels === null) return imageGridPng(images, [n, ...item], { range });
  if (typeof labels === 'number')
    return labelledImageGridPng(images, [n, ...item], { range, title: `class y = ${labels}` });
  return classGridPng(images, [n, ...item], labels.slice(0, n), { range });
}
