import { ContainerModule } from 'inversify';
import { TOKENS } from '../di/extension-points.js';
import { explicitGrid, leadingGrid, linspaceGrid, trailingGrid } from './grid-contributions.js';
import { adamOptimizer, sgdOptimizer } from './optimizer-contributions.js';
import { freshNoiseStep, interpolatedNoiseStep, recoveredNoiseStep } from './step-contributions.js';

/** Core's own contributions: time grids, optimizers and the three generic corrections as step kinds. */
export const coreModule = new ContainerModule(({ bind }) => {
  for (const g of [leadingGrid, trailingGrid, linspaceGrid, explicitGrid])
    bind(TOKENS.TimeGrid).toConstantValue(g);
  for (const o of [adamOptimizer, sgdOptimizer]) bind(TOKENS.Optimizer).toConstantValue(o);
  for (const s of [freshNoiseStep, recoveredNoiseStep, interpolatedNoiseStep]) {
    bind(TOKENS.ConditionalStep).toConstantValue(s);
  }
});
