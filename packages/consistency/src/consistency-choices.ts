import { choicePoint } from '@udm/core';
import type { LevelWeighting } from './weighting/level-weighting.js';
import type { LevelWeightingDeps } from './weighting/level-weighting-contributions.js';

/**
 * The consistency plugin's second-level extension points: a plugin binds a contribution to one of these tokens
 * (`contribute(CONSISTENCY_CHOICES.LevelWeighting.token, myWeighting)`) and its kind becomes valid in the config of
 * the objectives that read it.
 */
export const CONSISTENCY_CHOICES = {
  /** λ(σ_n, σ_{n+1}), the pair weighting of the consistency losses (`train.objective.weighting`). */
  LevelWeighting: choicePoint<LevelWeighting, LevelWeightingDeps>(
    'consistency.LevelWeighting',
    'train.objective.weighting',
    'train.objective.kind "consistency-training" and "consistency-distillation"',
  ),
} as const;
