import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGridPng } from './image-grid-png.js';
import { lineChartSvg } from './line-chart-svg.js';
import { lossCurveSvg, smoothedLoss } from './loss-curve.js';
import { scatterSvg } from './scatter-svg.js';
import { svgToPng } from './svg-to-png.js';

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

const records = Array.from({ length: 40 }, (_, i) => ({ step: (i + 1) * 50, loss: 2 / (i + 1) + 0.05 }));

describe('line chart and loss curve', () => {
  it('draws one path per series with d3, a legend and escaped labels', () => {
    const svg = lineChartSvg(
      [
        { label: 'a <1>', x: [0, 1, 2], y: [1, 2, 3], color: '#ff0000' },
        { label: 'b', x: [0, 1, 2], y: [3, NaN, 1], color: '#0000ff' },
      ],
      { title: 'x & y', xLabel: 'step', yLabel: 'loss' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('a &#60;1&#62;');
    expect(svg).toContain('x &#38; y');
    // the NaN point splits series b into two moves (a gap), series a is one move
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths[0]!.match(/M/g)).toHaveLength(1);
    expect(paths[1]!.match(/M/g)).toHaveLength(2);
    expect(() => lineChartSvg([{ label: 'bad', x: [1, 2], y: [1], color: 'red' }])).toThrow(
      /series "bad" has 2 x and 1 y values/,
    );
  });

  it('smooths the loss with a trailing mean and uses a log axis for losses spanning decades', () => {
    const s = smoothedLoss(
      [1, 2, 3, 4].map((loss, i) => ({ step: i, loss })),
      2,
    );
    expect(Array.from(s)).toEqual([1, 1.5, 2.5, 3.5]);
    expect(lossCurveSvg(records)).toContain('(log scale)');
    expect(lossCurveSvg(records.map((r) => ({ ...r, loss: 1 + r.loss / 100 })))).not.toContain('(log scale)');
    expect(() => lossCurveSvg([])).toThrow(/no records/);
  });

  it('renders the SVG to a PNG of the same size with the curve in its colour', () => {
    const png = PNG.sync.read(svgToPng(lossCurveSvg(records)));
    expect([png.width, png.height]).toEqual([640, 400]);
    expect(pixel(png, 2, 2)).toEqual([255, 255, 255]); // white background
    let red = 0;
    for (let y = 0; y < png.height; y++)
      for (let x = 0; x < png.width; x++) {
        const [r, g, b] = pixel(png, x, y);
        if (r > 180 && g < 90 && b < 90) red++;
      }
    expect(red).toBeGreaterThan(400); // the smoothed curve (#d62728, 2 px) across the plot
  });
});

describe('image grid', () => {
  it('tiles [n, h, w] grey images with gaps, scale and value range', () => {
    // two 2×2 images: the first black→white ramp, the second all mid-range
    const images = Float32Array.from([-1, 1, 0, 1, 0, 0, 0, 0]);
    const png = PNG.sync.read(imageGridPng(images, [2, 2, 2], { columns: 2, scale: 3, gap: 1 }));
    expect([png.width, png.height]).toEqual([1 + 2 * (6 + 1), 1 + 6 + 1]);
    expect(pixel(png, 0, 0)).toEqual([128, 128, 128]); // gap
    expect(pixel(png, 1, 1)).toEqual([0, 0, 0]); // image 0, pixel (0, 0) = −1
    expect(pixel(png, 4, 1)).toEqual([255, 255, 255]); // image 0, pixel (0, 1) = 1
    expect(pixel(png, 1, 4)).toEqual([128, 128, 128]); // image 0, pixel (1, 0) = 0
    expect(pixel(png, 8, 1)).toEqual([128, 128, 128]); // image 1
  });

  it('reads RGB images and clips to the range; bad shapes are errors naming the shape', () => {
    const png = PNG.sync.read(
      imageGridPng(Float32Array.from([2, 0.5, -3]), [1, 1, 1, 3], { range: [0, 1], gap: 0, scale: 1 }),
    );
    expect([png.width, png.height]).toEqual([1, 1]);
    expect(pixel(png, 0, 0)).toEqual([255, 128, 0]);
    expect(() => imageGridPng(new Float32Array(8), [2, 2, 2, 2])).toThrow(/expected 1 or 3 channels, got 2/);
    expect(() => imageGridPng(new Float32Array(7), [2, 2, 2])).toThrow(
      /7 values do not fill the shape \[2, 2, 2\]/,
    );
    expect(() => imageGridPng(new Float32Array(4), [4])).toThrow(/expected a shape \[n, h, w\]/);
  });
});

describe('scatter SVG', () => {
  it('draws one translucent circle per finite point in its panel, and renders to PNG', () => {
    const svg = scatterSvg([
      { label: 'data', points: [0, 0, 1, 1, NaN, 2], color: [31, 119, 180] },
      { label: 'samples <x>', points: [0.5, 0.5], color: [214, 39, 40] },
    ]);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('fill="rgb(214,39,40)"');
    expect(svg).toContain('samples &#60;x&#62;');
    const png = PNG.sync.read(svgToPng(svg));
    // Room for y ticks and axis labels left of each panel (52 pixels, not overlapping the panel before).
    expect([png.width, png.height]).toEqual([52 + 400 + 52 + 400 + 28, 28 + 400 + 44]);
    // A point outside a given range is clipped to its panel.
    const clipped = scatterSvg([{ label: 'far', points: [0, 0, 9, 9], color: [0, 0, 0] }], {
      range: [-1, 1],
    });
    expect(clipped).toContain('clip-path="url(#panel-0)"');
  });
});
