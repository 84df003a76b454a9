/** How points map to the canvas: the square [−range, range]² fills the plot area inside the margins. */
export interface PointView {
  readonly range: number;
  /** CSS colour of the points. */
  readonly color: string;
  /** Side of each point's square, in pixels. */
  readonly size: number;
}

export const DEFAULT_VIEW: PointView = { range: 3.4, color: 'rgb(214, 39, 40)', size: 2 };

/** Pixels around the plot area: the caption above, tick labels and axis labels left and below. */
export const MARGIN = { top: 28, right: 14, bottom: 40, left: 46 } as const;

/** The square plot area of a canvas (equal aspect: one data unit is as many pixels on x as on y). */
export function plotArea(
  width: number,
  height: number,
): { readonly left: number; readonly top: number; readonly side: number } {
  const side = Math.max(1, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
  return { left: MARGIN.left, top: MARGIN.top, side };
}

/**
 * Clears the canvas and draws row-major 2-D points in a square plot area with margins: a frame, grid lines and
 * labelled ticks at the integers, axis labels x₁ and x₂, and a caption above. Non-finite points are left out.
 */
export function drawPoints(
  canvas: HTMLCanvasElement,
  points: Float32Array,
  caption: string,
  view: PointView = DEFAULT_VIEW,
): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('canvas: no 2d context');
  const { width, height } = canvas;
  const { left, top, side } = plotArea(width, height);
  const scale = side / (2 * view.range);
  const px = (x: number): number => left + (x + view.range) * scale;
  const py = (y: number): number => top + (view.range - y) * scale;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#e5e5e5';
  ctx.fillStyle = '#444';
  ctx.beginPath();
  for (let v = Math.ceil(-view.range); v <= view.range; v++) {
    ctx.moveTo(px(v), top);
    ctx.lineTo(px(v), top + side);
    ctx.moveTo(left, py(v));
    ctx.lineTo(left + side, py(v));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(String(v), px(v), top + side + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(v), left - 5, py(v));
  }
  ctx.stroke();
  ctx.strokeStyle = '#777';
  ctx.strokeRect(left + 0.5, top + 0.5, side - 1, side - 1);
  ctx.fillStyle = '#222';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('x₁', left + side / 2, top + side + 32);
  ctx.save();
  ctx.translate(14, top + side / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('x₂', 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, side, side);
  ctx.clip();
  ctx.fillStyle = view.color;
  const half = view.size / 2;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.fillRect(px(x) - half, py(y) - half, view.size, view.size);
  }
  ctx.restore();

  ctx.fillStyle = '#222';
  ctx.font = '13px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(caption, left, 18);
}
