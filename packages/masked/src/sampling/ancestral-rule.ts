import { unmaskProbability, type Reveal, type RevealContext, type RevealRule } from './reveal-rule.js';

/**
 * Ancestral sampling (seed 002 eq. 59 for any s < t; MDLM/D3PM): each masked position is unmasked independently
 * with probability (α_s − α_t)/(1 − α_t), with a token drawn from q(x0 | x_t).
 */
export const ancestralRule: RevealRule = {
  kind: 'ancestral',
  reveal(masked: readonly number[], ctx: RevealContext): Reveal[] {
    const p = unmaskProbability(ctx.alphaT, ctx.alphaS);
    const out: Reveal[] = [];
    for (const position of masked) {
      if (p >= 1 || ctx.rng.uniform() < p) out.push({ position, id: ctx.draw(position).id });
    }
    return out;
  },
};
