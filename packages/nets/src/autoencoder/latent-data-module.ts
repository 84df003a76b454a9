import { ContainerModule } from 'inversify';
import { contribution, literal, required, struct, TOKENS, type DataSplit } from '@udm/core';

/**
 * A container module that registers the data kind `latent-split`, whose data set is the given (already encoded)
 * split: with it a config `data: { kind: 'latent-split' }` trains and samples any registered process and network in
 * the latent space through the ordinary `createUdm` / `train()` / `sample()` path, in code. (The CLI's data kind
 * `latent` builds the split from an autoencoder checkpoint and a source data config instead.)
 */
export function latentDataModule(split: DataSplit): ContainerModule {
  const latentData = contribution({
    kind: 'latent-split',
    description: 'latents of an encoder (built in code with latentSplit, not from a file)',
    codec: struct('latent-split data', { kind: required(literal('latent-split')) }),
    create: () => split,
  });
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Dataset).toConstantValue(latentData);
  });
}
