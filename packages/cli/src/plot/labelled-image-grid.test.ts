import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGridPng } from './image-grid-png.js';
import {
  classGridPng,
  LABEL_STRIP,
  labelledImageGridPng,
  labelledImageGridSvg,
} from './labelled-image-grid.js';
import { samplesGridPng } from './samples-grid.js';

/** n images of h × w, image i filled with the value i / n (so a tile shows which image it is). */
function numbered(n: number, h: number, w: number): Float32Array {
  const out = new Float32Array(n * h * w);
  for (let i = 0; i < n; i++) out.fill(i / n, i * h * w, (i + 1) * h * w);
  return out;
}

/** Grey level of a pixel (red channel). */
const grey = (png: PNG, x: number, y: number): number => png.data[(y * png.width + x) * 4]!;

describe('image grids labelled by class', () => {
  it('puts a label above each column and keeps the grid pixels unchanged below the strip', () => {
    const images = numbered(20, 4, 4);
    const options = { columns: 10, range: [0, 1] as const, columnLabels: [...'0123456789'] };
    const svg = labelledImageGridSvg(images, [20, 4, 4], options);
    for (const d of '0123456789') expect(svg).toContain(`>${d}</text>`);
    const png = PNG.sync.read(labelledImageGridPng(images, [20, 4, 4], options));
    const grid = PNG.sync.read(imageGridPng(images, [20, 4, 4], options));
    expect(grid.width).toBe(2 + 10 * (4 * 2 + 2));
    expect([png.width, png.height]).toEqual([grid.width, grid.height + LABEL_STRIP.top]);
    let maxDiff = 0;
    for (let y = 0; y < grid.height; y++)
      for (let x = 0; x < grid.width; x++)
        maxDiff = Math.max(maxDiff, Math.abs(grey(png, x, y + LABEL_STRIP.top) - grey(grid, x, y)));
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(() => labelledImageGridSvg(images, [20, 4, 4], { ...options, columnLabels: ['0'] })).toThrow(
      /1 column labels for 10 columns/,
    );
  });

  it("groups a conditional model's samples into one labelled row per class", () => {
    const labels = [2, 0, 1, 2, 0, 2, 1, 2];
    const images = numbered(8, 3, 3);
    const png = PNG.sync.read(classGridPng(images, [8, 3, 3], labels, { range: [0, 1], scale: 1 }));
    // 3 rows (classes 0, 1, 2), 4 columns (class 2 has the most images), a row-label strip on the left.
    const tile = 3 + 2;
    expect([png.width, png.height]).toEqual([LABEL_STRIP.left + 2 + 4 * tile, 2 + 3 * tile]);
    const tileValue = (row: number, col: number): number =>
      grey(png, LABEL_STRIP.left + 2 + col * tile + 1, 2 + row * tile + 1);
    expect(tileValue(0, 0)).toBe(Math.round((255 * 1) / 8)); // class 0: images 1, 4
    expect(tileValue(0, 1)).toBe(Math.round((255 * 4) / 8));
    expect(tileValue(0, 2)).toBe(0); // padded with blank tiles
    expect(tileValue(1, 1)).toBe(Math.round((255 * 6) / 8)); // class 1: images 2, 6
    expect(tileValue(2, 3)).toBe(Math.round((255 * 7) / 8)); // class 2: images 0, 3, 5, 7
    expect(() => classGridPng(images, [8, 3, 3], [1, 2])).toThrow(/2 labels for 8 images/);
  });

  it("udm sample's grid: one row per class with per-sample labels, a title with one label, plain without", () => {
    const images = numbered(20, 4, 4);
    const data = Float32Array.of(0, 1);
    const plain = PNG.sync.read(samplesGridPng(images, [4, 4], data));
    const perSample = PNG.sync.read(
      samplesGridPng(
        images,
        [4, 4],
        data,
        Array.from({ length: 20 }, (_, i) => i % 10),
      ),
    );
    const one = PNG.sync.read(samplesGridPng(images, [4, 4], data, 3));
    expect(perSample.width).toBe(LABEL_STRIP.left + 2 + 2 * (4 * 2 + 2)); // 10 rows of 2
    expect(perSample.height).toBe(2 + 10 * (4 * 2 + 2));
    expect(one.width).toBe(plain.width);
    expect(one.height).toBe(plain.height + LABEL_STRIP.title);
  });
});
