import { contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import type { GaussianProcess } from '@udm/gaussian';
import type { LevelWeighting } from './level-weighting.js';

/** What a level-weighting factory receives. */
export interface LevelWeightingDeps {
  readonly process: GaussianProcess;
}

/** `constant`: λ ≡ c (default 1: the loss of Song et al. 2023's experiments). */
export const constantLevelWeighting = contribution({
  kind: 'constant',
  description: 'λ(σ_n, σ_{n+1}) = c (default 1)',
  codec: struct('constant level weighting', {
    kind: required(literal('constant')),
    value: withDefault(numberIn(0, Infinity, { lo: true }), 1),
  }),
  create: (c): LevelWeighting => ({
    kind: 'constant',
    weights: (from) => new Float64Array(from.length).fill(c.value),
  }),
});

/** λ = 1/(σ_{n+1} − σ_n) per pair (float64). */
export function inverseGapWeights(from: Float64Array, to: Float64Array): Float64Array {
  return Float64Array.from(from, (s, i) => 1 / (s - to[i]!));
}

/**
 * `inverse-gap`: λ(σ_n, σ_{n+1}) = 1/(σ_{n+1} − σ_n), improved consistency training's weighting (Song & Dhariwal
 * 2023, §3.4): the pairs with close levels, whose distances are small, weigh more.
 */
export const inverseGapLevelWeighting = contribution({
  kind: 'inverse-gap',
  description: 'λ(σ_n, σ_{n+1}) = 1/(σ_{n+1} − σ_n) (improved consistency training, Song & Dhariwal 2023)',
  codec: struct('inverse-gap level weighting', { kind: required(literal('inverse-gap')) }),
  create: (): LevelWeighting => ({ kind: 'inverse-gap', weights: inverseGapWeights }),
});

/** Every built-in level weighting λ. */
export const LEVEL_WEIGHTINGS = [constantLevelWeighting, inverseGapLevelWeighting];

/** The built-in level weightings by kind (`train.objective.weighting` of the consistency objectives). */
export const levelWeightingRegistry = new Registry<LevelWeighting, LevelWeightingDeps>(
  'train.objective.weighting',
  LEVEL_WEIGHTINGS,
);
