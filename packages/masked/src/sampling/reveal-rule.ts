import type { Rng } from '@udm/core';
import type { CategoricalDraw } from '@udm/core';

/** What a reveal rule sees for one block of one sequence in a move t → s. */
export interface RevealContext {
  /** α_t and α_s of the block: the expected unmasked fractions before and after the move (α_s > α_t). */
  readonly alphaT: number;
  readonly alphaS: number;
  /** Draws x̂0 at a position from q(x0 | x_t) (temperature, top-p). */
  draw(position: number): CategoricalDraw;
  readonly rng: Rng;
}

export interface Reveal {
  readonly position: number;
  readonly id: number;
}

/**
 * Which masked positions a step unmasks, and with which tokens (all other positions keep their value: masked
 * ones stay [MASK], unmasked ones are carried over). One object per kind of remasking.
 */
export interface RevealRule {
  readonly kind: string;
  reveal(masked: readonly number[], ctx: RevealContext): Reveal[];
}

/**
 * The probability that a position masked at t is unmasked at s < t: (α_s − α_t)/(1 − α_t). Then the marginal
 * is right: P(unmasked at s) = α_t + (1 − α_t)·(α_s − α_t)/(1 − α_t) = α_s (seed 002, eq. 10). It is 1 when
 * α_s = 1 (the last step) and at α_t = 1.
 */
export function unmaskProbability(alphaT: number, alphaS: number): number {
  if (alphaT >= 1 || alphaS >= 1) return 1;
  return Math.min(1, Math.max(0, (alphaS - alphaT) / (1 - alphaT)));
}

/** How many of `m` masked positions to unmask so that round(m·(1 − α_s)/(1 − α_t)) stay masked. */
export function unmaskCount(m: number, alphaT: number, alphaS: number): number {
  const keepMasked = alphaT >= 1 || alphaS >= 1 ? 0 : Math.round((m * (1 - alphaS)) / (1 - alphaT));
  return Math.max(0, Math.min(m, m - keepMasked));
}
