import {
  COEFFICIENT_RATES,
  contribution,
  describeCapability, literal, numberIn, oneOf, Registry, required, struct, withDefault } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { LossWeighting } from './loss-weighting.js';
import { diffusionSquared, snr, snrDecay } from './snr.js';
import { WEIGHT_SPACES, type WeightSpace } from './target-coefficients.js';

/** What a weighting factory receives. */
export interface WeightingDeps {
  readonly process: GaussianProcess;
}

const spaceField = (fallback: WeightSpace) => withDefault(oneOf(WEIGHT_SPACES), fallback);

function weighting(kind: string, space: WeightSpace, w: (t: number) => number): LossWeighting {
  return { kind, space, weights: (t) => t.map(w) };
}

/** Throws naming the weighting unless the process has α′, σ′ (continuous time). */
function requireRates(kind: string, process: GaussianProcess): void {
  if (!COEFFICIENT_RATES.has(process))
    throw new RangeError(`weighting "${kind}": needs ${describeCapability(COEFFICIENT_RATES)}`);
}

/** `constant`: ω ≡ c, by default on the network's own output (the template with ω = 1). */
export const constantWeighting = contribution({
  kind: 'constant',
  description: 'ω(t) = c (default c = 1, space "output": the plain MSE of the parameterization)',
  codec: struct('constant weighting', {
    kind: required(literal('constant')),
    value: withDefault(numberIn(0, Infinity, { lo: true }), 1),
    space: spaceField('output'),
  }),
  create: (c) => weighting('constant', c.space, () => c.value),
});

/** `snr`: ω = SNR(t) on the x0-loss, i.e. the plain ε-loss (seed 004: ‖ε̂ − ε‖² = SNR·‖x̂0 − x0‖²). */
export const snrWeighting = contribution({
  kind: 'snr',
  description: 'ω(t) = SNR(t) = α²/σ², on the x0-loss by default (= the unweighted ε-loss)',
  codec: struct('snr weighting', { kind: required(literal('snr')), space: spaceField('x0') }),
  create: (c, d: WeightingDeps) => weighting('snr', c.space, (t) => snr(d.process, t)),
});

/** `min-snr`: ω = min(SNR(t), γ) on the x0-loss (Hang et al. 2023, Min-SNR-γ). */
export const minSnrWeighting = contribution({
  kind: 'min-snr',
  description: 'ω(t) = min(SNR(t), γ) on the x0-loss (Min-SNR-γ, default γ = 5)',
  codec: struct('min-snr weighting', {
    kind: required(literal('min-snr')),
    gamma: withDefault(numberIn(0, Infinity, { lo: true }), 5),
    space: spaceField('x0'),
  }),
  create: (c, d: WeightingDeps) => weighting('min-snr', c.space, (t) => Math.min(snr(d.process, t), c.gamma)),
});

/** `truncated-snr`: ω = max(SNR(t), 1) on the x0-loss (Salimans & Ho 2022, "truncated SNR"). */
export const truncatedSnrWeighting = contribution({
  kind: 'truncated-snr',
  description: 'ω(t) = max(SNR(t), 1) on the x0-loss (Salimans & Ho, progressive distillation)',
  codec: struct('truncated-snr weighting', {
    kind: required(literal('truncated-snr')),
    space: spaceField('x0'),
  }),
  create: (c, d: WeightingDeps) => weighting('truncated-snr', c.space, (t) => Math.max(snr(d.process, t), 1)),
});

/**
 * `likelihood`: ω = g²(t)/σ_t² on the ε-loss, i.e. g²(t) on the score loss (Song et al. 2021, likelihood
 * weighting; seed 004, § 5.2.2 D). Continuous time.
 */
export const likelihoodWeighting = contribution({
  kind: 'likelihood',
  description: 'ω(t) = g²(t)/σ_t² on the ε-loss (= g² on the score loss; continuous-time processes)',
  codec: struct('likelihood weighting', {
    kind: required(literal('likelihood')),
    space: spaceField('epsilon'),
  }),
  create: (c, d: WeightingDeps) => {
    requireRates('likelihood', d.process);
    return weighting(
      'likelihood',
      c.space,
      (t) => diffusionSquared(d.process, t, 'weighting "likelihood"') / d.process.sigma(t) ** 2,
    );
  },
});

/**
 * `vlb`: the variational bound's own weighting on the x0-loss: ½(SNR(t−1) − SNR(t)) per discrete step (DDPM's
 * β_t²/(2β̃_t α_t(1 − ᾱ_t)) on the ε-loss; at t = 0 the decoder term ½/σ_0²), −½ dSNR/dt in continuous time (VDM).
 */
export const vlbWeighting = contribution({
  kind: 'vlb',
  description: 'ω(t) = ½(SNR(t−1) − SNR(t)) on the x0-loss (−½ dSNR/dt in continuous time): the VLB',
  codec: struct('vlb weighting', { kind: required(literal('vlb')), space: spaceField('x0') }),
  create: (c, d: WeightingDeps) => {
    const p = d.process;
    const w =
      p.time.kind === 'discrete'
        ? (t: number) => (t <= p.time.tMin ? 0.5 / p.sigma(t) ** 2 : 0.5 * (snr(p, t - 1) - snr(p, t)))
        : (t: number) => 0.5 * snrDecay(p, t, 'weighting "vlb"');
    return weighting('vlb', c.space, w);
  },
});

/** Every built-in time weighting ω(t). */
export const LOSS_WEIGHTINGS = [
  constantWeighting,
  snrWeighting,
  minSnrWeighting,
  truncatedSnrWeighting,
  likelihoodWeighting,
  vlbWeighting,
];

/** The time weightings by kind (`train.objective.weighting` in a config). */
export const lossWeightingRegistry = new Registry<LossWeighting, WeightingDeps>(
  'train.objective.weighting',
  LOSS_WEIGHTINGS,
);
