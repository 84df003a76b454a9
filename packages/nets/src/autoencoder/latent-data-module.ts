import { ContainerModule } from 'inversify';
import { contribution, literal, required, struct, TOKENS, type DataSplit } from '@udm/core';

/**
 * A container module that registers the data kind `latent`, whose data set is the given (already encoded) split:
 * with it a config `data: { kind: 'latent' }` trains and samples any registered process and network in the latent
 * space through the ordinary `createUdm` / `train()` / `sample()` path.
 */
export function latentDataModule(split: DataSplit): ContainerModule {
  const latentData = contribution({
    kind: 'latent',
    description: 'latents of an encoder (built in code with latentSplit, not from a file)',
    codec: struct('latent data', { kind: required(literal('latent')) }),
    create: () => split,
  });
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Dataset).toConstantValue(latentData);
  });
}
