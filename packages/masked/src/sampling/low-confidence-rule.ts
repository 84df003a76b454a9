import { unmaskCount, type Reveal, type RevealContext, type RevealRule } from './reveal-rule.js';

/**
 * LLaDA's low-confidence remasking: draw x̂0 at every masked position, keep the k most confident (highest
 * q(x̂0^l | x_t)) and remask the rest, with k chosen so that round(m·(1 − α_s)/(1 − α_t)) positions stay masked.
 */
export const lowConfidenceRule: RevealRule = {
  kind: 'low-confidence',
  reveal(masked: readonly number[], ctx: RevealContext): Reveal[] {
    const k = unmaskCount(masked.length, ctx.alphaT, ctx.alphaS);
    if (k === 0) return [];
    const drawn = masked.map((position) => ({ position, ...ctx.draw(position) }));
    drawn.sort((a, b) => b.prob - a.prob || a.position - b.position);
    return drawn.slice(0, k).map(({ position, id }) => ({ position, id }));
  },
};
