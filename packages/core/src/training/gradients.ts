import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs';

/**
 * ‖g‖₂ over all gradients, as a host number (NaN/Inf propagate). When the float32 sum of squares overflows although
 * every gradient is finite (‖g‖ beyond ≈ 1.8e19), it is recomputed as m·‖g/m‖ with m = max|g|, so a large but
 * finite gradient can still be clipped instead of being reported as a divergence.
 */
export function globalNorm(grads: NamedTensorMap): number {
  return tf.tidy(() => {
    const values = Object.values(grads);
    if (values.length === 0) return 0;
    const norm = Math.sqrt(tf.addN(values.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!);
    if (norm !== Infinity) return norm;
    const m = tf.max(tf.stack(values.map((g) => tf.max(tf.abs(g))))).dataSync()[0]!;
    if (!Number.isFinite(m)) return m;
    return m * Math.sqrt(tf.addN(values.map((g) => tf.sum(tf.square(tf.div(g, m))))).dataSync()[0]!);
  });
}

/** The name of the first gradient holding a non-finite value, if any. */
export function firstNonFinite(grads: NamedTensorMap): string | undefined {
  for (const [name, g] of Object.entries(grads)) {
    const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(g))).dataSync()[0]);
    if (bad) return name;
  }
  return undefined;
}

/** Scales every gradient by maxNorm/‖g‖ when ‖g‖ > maxNorm; disposes the originals it replaces. */
export function clipByGlobalNorm(grads: NamedTensorMap, norm: number, maxNorm: number): NamedTensorMap {
  if (!(norm > maxNorm)) return grads;
  const scale = maxNorm / norm;
  const out: NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) {
    out[name] = tf.mul(g, scale);
    g.dispose();
  }
  return out;
}
