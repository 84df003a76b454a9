import { ContainerModule } from 'inversify';
import { CHOICE_POINTS } from '../di/choice-point.js';
import { TOKENS } from '../di/extension-points.js';
import { DISCRETE_CHOICES } from '../discrete/discrete-choices.js';
import { SAMPLE_WRITER } from '../evaluation/sample-writer.js';
import { textSampleWriter } from '../evaluation/text-sample-writer.js';
import { keepSchedules } from '../discrete/keep-schedule-contributions.js';
import { scheduleClocks } from '../discrete/schedule-clock-contributions.js';
import { explicitGrid, leadingGrid, linspaceGrid, trailingGrid } from './grid-contributions.js';
import { adamOptimizer, adamwOptimizer, sgdOptimizer } from './optimizer-contributions.js';
import { denoisingObjectiveContribution } from './objective-contributions.js';
import { ancestralSamplerContribution } from './sampler-contributions.js';
import { freshNoiseStep, interpolatedNoiseStep, recoveredNoiseStep } from './step-contributions.js';

/**
 * Core's own contributions: time grids, optimizers, the three generic corrections as step kinds, the
 * step-by-step `ancestral` sampler, the `denoising` training objective, and the keep schedules and clocks of the
 * discrete token families (`DISCRETE_CHOICES`, shared by every discrete process that reads them) and the `text`
 * sample writer of token data.
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
  for (const point of Object.values(DISCRETE_CHOICES)) bind(CHOICE_POINTS).toConstantValue(point);
  for (const s of keepSchedules) bind(DISCRETE_CHOICES.KeepSchedule.token).toConstantValue(s);
  for (const c of scheduleClocks) bind(DISCRETE_CHOICES.ScheduleClock.token).toConstantValue(c);
  bind(SAMPLE_WRITER).toConstantValue(textSampleWriter);
});
