import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { mlpNetwork } from './mlp/mlp-contribution.js';

/** Binds the networks of `@udm/nets`. */
export const netsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Network).toConstantValue(mlpNetwork);
});
