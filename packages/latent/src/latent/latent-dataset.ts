import * as tf from '@tensorflow/tfjs';
import { ArrayDataset, type DataSplit, type Dataset } from '@udm/core';

/**
 * The affine map between the encoder's latents z and the normalised latents z̃_i = (z_i − shift_i) / scale_i the
 * diffusion model sees, one shift and scale per latent coordinate i (the training latents' mean and standard
 * deviation, so z̃ has zero mean and unit variance in every coordinate). Stable Diffusion uses one scalar because its
 * KL-regularised latents have nearly equal variances; a plain autoencoder's coordinates do not, and one scalar
 * leaves low-variance coordinates far below the diffusion's unit-variance noise.
 */
export interface LatentScaling {
  readonly shift: readonly number[];
  readonly scale: readonly number[];
}

/** A data split of normalised latents, the scaling that produced it, and the map back to the encoder's latents. */
export interface LatentSplit {
  readonly split: DataSplit;
  readonly scaling: LatentScaling;
}

/** Anything with an encoder z = E(x) from a batch [B, ...itemShape] to latents [B, ...latentShape]. */
export interface Encoder {
  encode(x: tf.Tensor): tf.Tensor;
}

function encodeAll(
  encoder: Encoder,
  data: Dataset,
  batchSize: number,
): { z: Float32Array; labels?: Int32Array; d: number; shape: number[] } {
  const parts: Float32Array[] = [];
  const labelParts: Int32Array[] = [];
  let d = 0;
  let shape: number[] = [];
  for (let from = 0; from < data.size; from += batchSize) {
    const n = Math.min(batchSize, data.size - from);
    const batch = data.gather(Int32Array.from({ length: n }, (_, i) => from + i));
    try {
      const z = encoder.encode(batch.x0);
      shape = z.shape.slice(1);
      d = shape.reduce((a, b) => a * b, 1);
      parts.push(z.dataSync() as Float32Array);
      z.dispose();
      if (batch.labels) labelParts.push(batch.labels.dataSync() as Int32Array);
    } finally {
      tf.dispose([batch.x0, ...(batch.labels ? [batch.labels] : [])]);
    }
  }
  const z = new Float32Array(data.size * d);
  let at = 0;
  for (const p of parts) {
    z.set(p, at);
    at += p.length;
  }
  if (labelParts.length === 0) return { z, d, shape };
  const labels = new Int32Array(data.size);
  at = 0;
  for (const p of labelParts) {
    labels.set(p, at);
    at += p.length;
  }
  return { z, labels, d, shape };
}

/**
 * Encodes a data split once with `encoder` into a split of latents (labels kept; flat [d] or spatial), normalised
 * per coordinate with the training latents' mean and standard deviation (in Float64), so that any diffusion process and
 * network run on it unchanged; decode a sample with `fromLatent` and the decoder.
 */
export function latentSplit(encoder: Encoder, data: DataSplit, batchSize = 256): LatentSplit {
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new RangeError(`batchSize: expected a positive integer, got ${batchSize}`);
  const train = encodeAll(encoder, data.train, batchSize);
  const heldOut = encodeAll(encoder, data.heldOut, batchSize);
  const d = train.d;
  const n = data.train.size;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i]! += train.z[r * d + i]! / n;
  for (let r = 0; r < n; r++)
    for (let i = 0; i < d; i++) variance[i]! += (train.z[r * d + i]! - mean[i]!) ** 2 / n;
  const scale = Array.from(variance, Math.sqrt);
  const flat = scale.findIndex((s) => !(s > 0));
  if (flat >= 0)
    throw new RangeError(`latentSplit: latent coordinate ${flat} has zero variance over the training set`);
  const scaling = { shift: Array.from(mean), scale };
  const normalise = (z: Float32Array) => Float32Array.from(z, (v, j) => (v - mean[j % d]!) / scale[j % d]!);
  const make = (e: ReturnType<typeof encodeAll>, classes: number | undefined) =>
    new ArrayDataset(normalise(e.z), e.shape, e.labels, e.labels ? classes : undefined);
  return {
    split: {
      train: make(train, data.train.classes),
      heldOut: make(heldOut, data.heldOut.classes ?? data.train.classes),
    },
    scaling,
  };
}

/** z = z̃·scale + shift: a normalised latent (e.g. a diffusion sample) back to the encoder's latent space. */
export function fromLatent(normalised: tf.Tensor, scaling: LatentScaling): tf.Tensor {
  const d = normalised.shape.slice(1).reduce((a, b) => a * b, 1);
  if (normalised.rank < 2 || d !== scaling.scale.length)
    throw new RangeError(
      `fromLatent: expected latents of size ${scaling.scale.length} ([B, ...] with that many coordinates each), got shape [${normalised.shape.join(', ')}]`,
    );
  return tf.tidy(() =>
    tf.reshape(
      tf.add(
        tf.mul(tf.reshape(normalised, [-1, d]), tf.tensor1d([...scaling.scale])),
        tf.tensor1d([...scaling.shift]),
      ),
      normalised.shape,
    ),
  );
}
