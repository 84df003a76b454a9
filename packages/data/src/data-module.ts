import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { eightGaussiansData, twoMoonsData } from './toy/toy-contributions.js';

/** Binds the data sets of `@udm/data`. */
export const dataModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(twoMoonsData);
  bind(TOKENS.Dataset).toConstantValue(eightGaussiansData);
});
