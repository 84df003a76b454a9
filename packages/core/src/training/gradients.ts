import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs';
import { backendHasKernel, SUM_OF_SQUARES } from './fused-training-kernels.js';

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

/**
 * The loss and ‖g‖₂ (as `globalNorm` computes it) read from the device in one asynchronous transfer: one host round
 * trip per training step, and no `dataSync`, which backends such as webgpu in Node do not support.
 */
export async function lossAndGlobalNorm(
  value: tf.Scalar,
  grads: NamedTensorMap,
): Promise<{ loss: number; norm: number }> {
  const values = Object.values(grads);
  const both = tf.tidy(() => tf.stack([value, sumOfSquares(values)]));
  const [loss, sumSq] = await readAndDispose(both);
  if (!Number.isFinite(loss!)) return { loss: loss!, norm: NaN };
  const norm = Math.sqrt(sumSq!);
  if (norm !== Infinity) return { loss: loss!, norm };
  const [m] = await readAndDispose(tf.tidy(() => tf.max(tf.stack(values.map((g) => tf.max(tf.abs(g)))))));
  if (!Number.isFinite(m!)) return { loss: loss!, norm: m! };
  const [scaled] = await readAndDispose(
    tf.tidy(() => tf.addN(values.map((g) => tf.sum(tf.square(tf.div(g, m!)))))),
  );
  return { loss: loss!, norm: m! * Math.sqrt(scaled!) };
}

/**
 * Σ g² over all of `values` as a scalar tensor: one `UdmSumOfSquares` kernel where the backend registers it (in
 * float64), else a square and a sum per tensor and their float32 sum.
 */
function sumOfSquares(values: readonly tf.Tensor[]): tf.Scalar {
  if (values.length === 0) return tf.scalar(0);
  if (backendHasKernel(SUM_OF_SQUARES, values)) {
    const inputs: tf.NamedTensorMap = {};
    values.forEach((g, i) => (inputs[`g${i}`] = g));
    return tf.engine().runKernel(SUM_OF_SQUARES, inputs) as tf.Scalar;
  }
  return tf.addN(values.map((g) => tf.sum(tf.square(g)))) as tf.Scalar;
}

async function readAndDispose(t: tf.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}

/** `firstNonFinite` with one asynchronous read for all gradients. */
export async function firstNonFiniteAsync(grads: NamedTensorMap): Promise<string | undefined> {
  const entries = Object.entries(grads);
  if (entries.length === 0) return undefined;
  const flags = await readAndDispose(
    tf.tidy(() => tf.stack(entries.map(([, g]) => tf.logicalNot(tf.all(tf.isFinite(g)))))),
  );
  const i = flags.findIndex((f) => f !== 0);
  return i < 0 ? undefined : entries[i]![0];
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
