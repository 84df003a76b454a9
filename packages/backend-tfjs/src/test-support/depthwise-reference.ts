/**
 * Brute-force gradients of a depthwise conv (NHWC), honouring dilation (the cpu backend's
 * depthwise backprop kernels ignore dilation, so they cannot be the reference there).
 */
export interface DepthwiseGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  m: number;
  fh: number;
  fw: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

export function depthwiseGradsReference(
  g: DepthwiseGeometry,
  x: Float32Array,
  filter: Float32Array,
  dy: Float32Array,
): { dx: Float64Array; dFilter: Float64Array } {
  const dx = new Float64Array(g.n * g.h * g.w * g.c);
  const dFilter = new Float64Array(g.fh * g.fw * g.c * g.m);
  const cm = g.c * g.m;
  for (let n = 0; n < g.n; n++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let i = 0; i < g.fh; i++)
          for (let j = 0; j < g.fw; j++) {
            const y = oy * g.strideH + i * g.dilationH - g.padTop;
            const xx = ox * g.strideW + j * g.dilationW - g.padLeft;
            if (y < 0 || y >= g.h || xx < 0 || xx >= g.w) continue;
            for (let c = 0; c < g.c; c++)
              for (let m = 0; m < g.m; m++) {
                const grad = dy[((n * g.outH + oy) * g.outW + ox) * cm + c * g.m + m]!;
                const fIdx = ((i * g.fw + j) * g.c + c) * g.m + m;
                const xIdx = ((n * g.h + y) * g.w + xx) * g.c + c;
                dx[xIdx]! += grad * filter[fIdx]!;
                dFilter[fIdx]! += grad * x[xIdx]!;
              }
          }
  return { dx, dFilter };
}
