import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs';

/** ‖g‖₂ over all gradients, as a host number (NaN/Inf propagate). */
export function globalNorm(grads: NamedTensorMap): number {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return squares.length === 0 ? 0 : Math.sqrt(tf.addN(squares).dataSync()[0]!);
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
