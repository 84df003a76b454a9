import { imageGridPng, type ImageGridOptions } from './image-grid-png.js';
import { svgToPng } from './svg-to-png.js';

export interface LabelledImageGridOptions extends ImageGridOptions {
  /** A label above each column (e.g. the class of every image in it). */
  readonly columnLabels?: readonly string[];
  /** A label left of each row. */
  readonly rowLabels?: readonly string[];
  /** A title above the grid. */
  readonly title?: string;
}

/** Pixels of the label strips and the title line. */
export const LABEL_STRIP = { left: 56, top: 18, title: 24 } as const;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * `imageGridPng`'s grid inside an SVG document with a label strip above the columns and/or left of the rows (e.g. the
 * class of each column's images) and a title: the grid is embedded 1:1 as a PNG, so its pixels are unchanged.
 */
export function labelledImageGridSvg(
  images: ArrayLike<number>,
  shape: readonly number[],
  options: LabelledImageGridOptions,
): string {
  const grid = imageGridPng(images, shape, options);
  const { width: gw, height: gh } = pngSize(grid);
  const [n, h, w] = shape as [number, number, number];
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const cols = Math.max(1, Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.max(1, Math.ceil(n / cols));
  const { columnLabels, rowLabels, title } = options;
  if (columnLabels && columnLabels.length !== cols)
    throw new RangeError(`image grid: ${columnLabels.length} column labels for ${cols} columns`);
  if (rowLabels && rowLabels.length !== rows)
    throw new RangeError(`image grid: ${rowLabels.length} row labels for ${rows} rows`);
  const left = rowLabels ? LABEL_STRIP.left : 0;
  const top = (title ? LABEL_STRIP.title : 0) + (columnLabels ? LABEL_STRIP.top : 0);
  const width = left + gw;
  const height = top + gh;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<image x="${left}" y="${top}" width="${gw}" height="${gh}" image-rendering="pixelated" xlink:href="data:image/png;base64,${Buffer.from(grid).toString('base64')}"/>`,
  ];
  if (title)
    out.push(
      `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" fill="#111">${escapeXml(title)}</text>`,
    );
  columnLabels?.forEach((label, j) => {
    const x = left + gap + j * (w * scale + gap) + (w * scale) / 2;
    out.push(`<text x="${x}" y="${top - 5}" text-anchor="middle" fill="#222">${escapeXml(label)}</text>`);
  });
  rowLabels?.forEach((label, i) => {
    const y = top + gap + i * (h * scale + gap) + (h * scale) / 2;
    out.push(
      `<text x="${left - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${escapeXml(label)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** `labelledImageGridSvg` rasterised (resvg): the grid's pixels with the label strips and title around them. */
export function labelledImageGridPng(
  images: ArrayLike<number>,
  shape: readonly number[],
  options: LabelledImageGridOptions,
): Buffer {
  return svgToPng(labelledImageGridSvg(images, shape, options));
}

/**
 * Images of a class-conditional model in a grid with one row per class (ascending), each row labelled `y = k` (or by
 * `classNames[k]`) and holding that class's images in their order, up to `perRow` (default: the most any class has);
 * rows of classes with fewer images are padded with blank tiles (the low end of `range`).
 */
export function classGridPng(
  images: ArrayLike<number>,
  shape: readonly number[],
  labels: ArrayLike<number>,
  options: ImageGridOptions & {
    readonly perRow?: number;
    readonly classNames?: readonly string[];
    readonly title?: string;
  } = {},
): Buffer {
  const [n = 0, ...item] = shape;
  if (labels.length !== n) throw new RangeError(`class grid: ${labels.length} labels for ${n} images`);
  const per = item.reduce((a, b) => a * b, 1);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!byClass.has(y)) byClass.set(y, []);
    byClass.get(y)!.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const columns = Math.max(1, options.perRow ?? Math.max(...[...byClass.values()].map((v) => v.length)));
  const blank = (options.range ?? [-1, 1])[0];
  const tiles = new Float32Array(classes.length * columns * per).fill(blank);
  classes.forEach((y, row) => {
    byClass
      .get(y)!
      .slice(0, columns)
      .forEach((i, col) => {
        const to = (row * columns + col) * per;
        for (let k = 0; k < per; k++) tiles[to + k] = images[i * per + k]!;
      });
  });
  return labelledImageGridPng(tiles, [classes.length * columns, ...item], {
    ...options,
    columns,
    rowLabels: classes.map((y) => options.classNames?.[y] ?? `y = ${y}`),
  });
}
