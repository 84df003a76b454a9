import type { Rng } from '@udm/core';

/**
 * `n` points of the two-moons set (as scikit-learn's make_moons): the upper half circle (cos θ, sin θ) and the
 * lower one (1 − cos θ, 0.5 − sin θ), θ ~ U[0, π], plus N(0, noise²) jitter, then centred and scaled by 2 so the
 * set has roughly unit spread. Row-major [n, 2], float32.
 */
export function twoMoons(n: number, noise: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const theta = Math.PI * rng.uniform();
    const upper = rng.uniform() < 0.5;
    const [jx, jy] = rng.normals(2);
    const x = upper ? Math.cos(theta) : 1 - Math.cos(theta);
    const y = upper ? Math.sin(theta) : 0.5 - Math.sin(theta);
    out[2 * i] = 2 * (x + noise * jx! - 0.5);
    out[2 * i + 1] = 2 * (y + noise * jy! - 0.25);
  }
  return out;
}
