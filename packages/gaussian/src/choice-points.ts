import { choicePoint } from '@udm/core';
import type { LossWeighting } from './objective/loss-weighting.js';
import type { TimeDistribution } from './objective/time-distribution.js';
import type { TimeDistributionDeps } from './objective/time-distribution-contributions.js';
import type { WeightingDeps } from './objective/weighting-contributions.js';
import type { OdeSolver } from './ode/ode-solver.js';
import type { Parameterization } from './parameterization/parameterization.js';
import type { BetaSchedule } from './schedules/beta-schedule.js';
import type { ContinuousAlphaBar } from './schedules/continuous/continuous-alpha-bar.js';

/**
 * The Gaussian plugin's second-level extension points. A plugin binds a contribution to one of these tokens (e.g.
 * `contribute(GAUSSIAN_CHOICES.BetaSchedule.token, sigmoidSchedule)`) and the choice becomes valid in the config
 * of every part that reads it — a β schedule in `process.schedule` of `vp`, and through it every Gaussian sampler.
 */
export const GAUSSIAN_CHOICES = {
  /** β_1..β_T of the discrete VP process (`process.schedule` when `process.kind` is `vp`). */
  BetaSchedule: choicePoint<BetaSchedule>('gaussian.BetaSchedule', 'process.schedule', 'process.kind "vp"'),
  /** ᾱ(t) of the continuous VP process (`process.schedule` when `process.kind` is `vp-continuous`). */
  ContinuousSchedule: choicePoint<ContinuousAlphaBar>(
    'gaussian.ContinuousSchedule',
    'process.schedule',
    'process.kind "vp-continuous"',
  ),
  /** What the network predicts: one posterior kind each, and `posterior.prediction` of `learned-range`. */
  Parameterization: choicePoint<Parameterization>(
    'gaussian.Parameterization',
    'parameterization',
    'one Gaussian posterior kind each; posterior.prediction of "learned-range"',
  ),
  /** A probability-flow ODE solver: one `sample.sampler.kind` each. */
  OdeSolver: choicePoint<OdeSolver>(
    'gaussian.OdeSolver',
    'solver',
    'one PF-ODE sampler kind (sample.sampler.kind) each',
  ),
  /** ω(t), the time weighting of the Gaussian objectives (`train.objective.weighting`). */
  LossWeighting: choicePoint<LossWeighting, WeightingDeps>(
    'gaussian.LossWeighting',
    'train.objective.weighting',
    'train.objective.kind "weighted-denoising" and "progressive-distillation"',
  ),
  /** p_time, the distribution training times are drawn from (`train.objective.time`). */
  TimeDistribution: choicePoint<TimeDistribution, TimeDistributionDeps>(
    'gaussian.TimeDistribution',
    'train.objective.time',
    'train.objective.kind "weighted-denoising"',
  ),
} as const;
