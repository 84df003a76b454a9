import * as tf from '@tensorflow/tfjs';
import { SeededRng, type DataDecoder, type DataSplit } from '@udm/core';
import { Autoencoder } from '../autoencoder/autoencoder.js';
import { fromLatent, latentSplit, type LatentScaling } from './latent-dataset.js';

/** A data decoder of latents: x = D(z̃·scale + shift), with the per-coordinate normalisation it undoes. */
export interface LatentDecoder extends DataDecoder {
  readonly scaling: LatentScaling;
}

/** Whether a data decoder is a latent one (has the normalisation of its latents). */
export function isLatentDecoder(d: DataDecoder | undefined): d is LatentDecoder {
  return Array.isArray((d as Partial<LatentDecoder> | undefined)?.scaling?.scale);
}

/**
 * x = D(z·scale + shift) as a data decoder, from host copies of an autoencoder's weights: the decoder network is
 * rebuilt for each decode, so no tensors outlive it (the autoencoder may be disposed).
 */
export function latentDecoder(
  ae: Autoencoder,
  scaling: LatentScaling,
  range: readonly [number, number],
): LatentDecoder {
  const options = ae.options;
  const weights = new Map([...ae.variables].map(([name, v]) => [name, v.dataSync().slice()]));
  return {
    itemShape: [...options.itemShape],
    range,
    scaling,
    decode: (z) => {
      const decoder = new Autoencoder(options, new SeededRng(0));
      try {
        tf.tidy(() => {
          for (const [name, v] of decoder.variables) v.assign(tf.tensor(weights.get(name)!, v.shape));
        });
        return tf.tidy(() => decoder.decode(fromLatent(z, scaling)));
      } finally {
        decoder.dispose();
      }
    },
  };
}

/**
 * The latent data of latent diffusion: `source` encoded by the autoencoder and normalised per coordinate
 * (`latentSplit`), with the decoder that maps samples back to the source's space (`DataSplit.decoder`; core's
 * `DECODABLE_DATA`). `range` is the source's value range, for pictures of decoded samples.
 */
export function encodedSplit(
  ae: Autoencoder,
  source: DataSplit,
  range: readonly [number, number],
  batchSize = 256,
): DataSplit & { readonly decoder: LatentDecoder } {
  const latent = latentSplit(ae, source, batchSize);
  return { ...latent.split, decoder: latentDecoder(ae, latent.scaling, range) };
}
