import type { Rng } from '@udm/core';

/** `n` points from 8 Gaussians (std `std`) centred on a circle of radius `radius`. Row-major [n, 2]. */
export function eightGaussians(n: number, radius: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const k = rng.int(8);
    const [jx, jy] = rng.normals(2);
    out[2 * i] = radius * Math.cos((k * Math.PI) / 4) + std * jx!;
    out[2 * i + 1] = radius * Math.sin((k * Math.PI) / 4) + std * jy!;
  }
  return out;
}
