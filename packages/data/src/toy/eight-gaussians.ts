import type { Rng } from '@udm/core';

/**
 * `n` points from 8 Gaussians (std `std`) centred on a circle of radius `radius`, with the component k ∈ 0..7 each
 * point was drawn from (its class label). Points row-major [n, 2].
 */
export function eightGaussiansLabelled(
  n: number,
  radius: number,
  std: number,
  rng: Rng,
): { readonly points: Float32Array; readonly labels: Int32Array } {
  const points = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(8);
    const [jx, jy] = rng.normals(2);
    labels[i] = k;
    points[2 * i] = radius * Math.cos((k * Math.PI) / 4) + std * jx!;
    points[2 * i + 1] = radius * Math.sin((k * Math.PI) / 4) + std * jy!;
  }
  return { points, labels };
}

/** `n` points from 8 Gaussians (std `std`) centred on a circle of radius `radius`. Row-major [n, 2]. */
export function eightGaussians(n: number, radius: number, std: number, rng: Rng): Float32Array {
  return eightGaussiansLabelled(n, radius, std, rng).points;
}
