/** How points map to the canvas: the square [−range, range]² fills it. */
export interface PointView {
  readonly range: number;
  /** CSS colour of the points. */
  readonly color: string;
  /** Side of each point's square, in pixels. */
  readonly size: number;
}

export const DEFAULT_VIEW: PointView = { range: 3.4, color: 'rgb(214, 39, 40)', size: 2 };

/** Clears the canvas and draws row-major 2-D points with a caption in the corner. */
export function drawPoints(
  canvas: HTMLCanvasElement,
  points: Float32Array,
  caption: string,
  view: PointView = DEFAULT_VIEW,
): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('canvas: no 2d context');
  const { width, height } = canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#ddd';
  ctx.beginPath();
  ctx.moveTo(width / 2, 0);
  ctx.lineTo(width / 2, height);
  ctx.moveTo(0, height / 2);
  ctx.lineTo(width, height / 2);
  ctx.stroke();
  ctx.fillStyle = view.color;
  const sx = width / (2 * view.range);
  const sy = height / (2 * view.range);
  const half = view.size / 2;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const px = (points[i]! + view.range) * sx;
    const py = (view.range - points[i + 1]!) * sy;
    ctx.fillRect(px - half, py - half, view.size, view.size);
  }
  ctx.fillStyle = '#222';
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(caption, 8, 18);
}
