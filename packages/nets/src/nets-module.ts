import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { mlpNetwork } from './mlp/mlp-contribution.js';
import { transformerNetwork } from './transformer/transformer-contribution.js';
import { unetNetwork } from './unet/unet-contribution.js';

/** Binds the networks of `@udm/nets`. */
export const netsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Network).toConstantValue(mlpNetwork);
  bind(TOKENS.Network).toConstantValue(transformerNetwork);
  bind(TOKENS.Network).toConstantValue(unetNetwork);
});
