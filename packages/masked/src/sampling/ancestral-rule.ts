import { unmaskProbability, type Reveal, type RevealContext, type RevealRule } from './reveal-rule.js';

/**
 * Ancestral sampling of q(x_s | x_t, x̂0) (MDLM/D3PM): each masked position is unmasked independently with
 * probability (α_s − α_t)/(1 − α_t), with a token drawn from q(x0 | x_t); unmasked tokens are carried over. This
 * is not seed 002 eq. 59 as written (a fresh mask over a drawn x̂0: `ResampleStep`), which can re-mask.
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
