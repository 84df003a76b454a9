import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { eightGaussiansData, twoMoonsData } from './toy-contributions.js';

/** Binds only the generated 2-D toy sets (no npm data packages, so it also loads in a browser). */
export const toyDataModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(twoMoonsData);
  bind(TOKENS.Dataset).toConstantValue(eightGaussiansData);
});
