import { ContainerModule } from 'inversify';
import { TOKENS } from '../di/extension-points.js';
import { explicitGrid, leadingGrid, linspaceGrid, trailingGrid } from './grid-contributions.js';
import { adamOptimizer, adamwOptimizer, sgdOptimizer } from './optimizer-contributions.js';
import { denoisingObjectiveContribution } from './objective-contributions.js';
import { ancestralSamplerContribution } from './sampler-contributions.js';
import { freshNoiseStep, interpolatedNoiseStep, recoveredNoiseStep } from './step-contributions.js';

/**
 * Core's own contributions: time grids, optimizers, the three generic corrections as step kinds, the
 * step-by-step `ancestral` sampler and the `denoising` training objective.
 */
export const coreModule = new ContainerModule(({ bind }) => {
  for (const g of [leadingGrid, trailingGrid, linspaceGrid, explicitGrid])
    bind(TOKENS.TimeGrid).toConstantValue(g);
  for (const o of [adamOptimizer, adamwOptimizer, sgdOptimizer]) bind(TOKENS.Optimizer).toConstantValue(o);
  for (const s of [freshNoiseStep, recoveredNoiseStep, interpolatedNoiseStep]) {
    bind(TOKENS.ConditionalStep).toConstantValue(s);
  }
  bind(TOKENS.Sampler).toConstantValue(ancestralSamplerContribution);
  bind(TOKENS.TrainingObjective).toConstantValue(denoisingObjectiveContribution);
});
