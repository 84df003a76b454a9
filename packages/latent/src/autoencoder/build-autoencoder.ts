import { deriveSeed, SeededRng } from '@udm/core';
import { Autoencoder } from './autoencoder.js';
import type { AutoencoderArchitecture } from './autoencoder-config.js';

/**
 * A fresh `Autoencoder` (E, D) with a config's architecture for items of `itemShape`, its weights drawn from the run
 * seed (`deriveSeed(seed, 'autoencoder-init')`): what `udm autoencoder` and the mnist-latent example train.
 */
export function buildAutoencoder(
  itemShape: readonly number[],
  architecture: AutoencoderArchitecture,
  seed: number,
): Autoencoder {
  return new Autoencoder(
    {
      itemShape,
      channels: architecture.channels,
      latent: architecture.latent,
      groups: architecture.groups,
      variational: architecture.variational,
      spatialLatent: architecture.spatialLatent,
    },
    new SeededRng(deriveSeed(seed, 'autoencoder-init')),
  );
}
