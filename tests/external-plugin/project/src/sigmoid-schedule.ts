/**
 * Road 1 — extend the affine Gaussian base: a sigmoid β schedule. One contribution to the Gaussian plugin's
 * β-schedule choice point makes `process.schedule.kind: "sigmoid"` valid for the `vp` process, and with it every
 * Gaussian step and sampler (DDPM, DDIM, the PF-ODE solvers) and the NELBO.
 */
import { contribution, definePlugin, literal, numberIn, required, struct, withDefault } from '@udm/core';
import { GAUSSIAN_CHOICES, type BetaSchedule } from '@udm/gaussian';

/** β_i = β_start + (β_end − β_start)·sigmoid(−6 + 12·i/(T − 1)), i = 0..T−1, in float64. */
export class SigmoidSchedule implements BetaSchedule {
  constructor(
    readonly betaStart: number,
    readonly betaEnd: number,
  ) {
    if (!(betaStart < betaEnd))
      throw new RangeError(`expected betaStart < betaEnd, got ${betaStart}, ${betaEnd}`);
  }

  betas(T: number): Float64Array {
    const out = new Float64Array(T);
    for (let i = 0; i < T; i++) {
      const x = T === 1 ? 0 : -6 + (12 * i) / (T - 1);
      out[i] = this.betaStart + (this.betaEnd - this.betaStart) / (1 + Math.exp(-x));
    }
    return out;
  }
}

const beta = numberIn(0, 1, { lo: true, hi: true });

export const sigmoidSchedule = contribution({
  kind: 'sigmoid',
  description: 'β rising along a sigmoid from betaStart to betaEnd',
  codec: struct('sigmoid schedule', {
    kind: required(literal('sigmoid')),
    betaStart: withDefault(beta, 1e-4),
    betaEnd: withDefault(beta, 0.02),
  }),
  create: (c): BetaSchedule => new SigmoidSchedule(c.betaStart, c.betaEnd),
});

/** The plugin: `udm --plugin dist/sigmoid-schedule.js train -c configs/sigmoid-vp.json`. */
export default definePlugin(({ contribute }) => {
  contribute(GAUSSIAN_CHOICES.BetaSchedule.token, sigmoidSchedule);
});
