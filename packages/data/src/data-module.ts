import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { mnistData } from './mnist/mnist-contribution.js';
import { firstNamesData, mobyDickData } from './text/text-contributions.js';
import { eightGaussiansData, twoMoonsData } from './toy/toy-contributions.js';

/** Binds the data sets of `@udm/data`. */
export const dataModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(twoMoonsData);
  bind(TOKENS.Dataset).toConstantValue(eightGaussiansData);
  bind(TOKENS.Dataset).toConstantValue(firstNamesData);
  bind(TOKENS.Dataset).toConstantValue(mobyDickData);
  bind(TOKENS.Dataset).toConstantValue(mnistData);
});
