import { unmaskCount, type Reveal, type RevealContext, type RevealRule } from './reveal-rule.js';

/**
 * LLaDA's random remasking: unmask k masked positions chosen uniformly at random (k as for low-confidence), with
 * tokens drawn from q(x0 | x_t).
 */
export const randomRule: RevealRule = {
  kind: 'random',
  reveal(masked: readonly number[], ctx: RevealContext): Reveal[] {
    const k = unmaskCount(masked.length, ctx.alphaT, ctx.alphaS);
    const pool = [...masked];
    const out: Reveal[] = [];
    for (let i = 0; i < k; i++) {
      const j = i + ctx.rng.int(pool.length - i);
      const position = pool[j]!;
      pool[j] = pool[i]!;
      pool[i] = position;
      out.push({ position, id: ctx.draw(position).id });
    }
    return out;
  },
};
