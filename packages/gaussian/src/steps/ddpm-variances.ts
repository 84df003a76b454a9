import type { ConditionalStep } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { DdpmStep } from './ddpm-step.js';
import { fixedLargeVariance, learnedRangeVariance, PosteriorMeanStep } from './posterior-mean-step.js';
import type { X0Processor } from './x0-processor.js';

/** A DDPM variance choice: builds the step for a process and an x̂0 processor. */
export interface DdpmVariance {
  readonly kind: string;
  readonly description: string;
  create(process: GaussianProcess, processor: X0Processor): ConditionalStep;
}

export const DDPM_VARIANCES: readonly DdpmVariance[] = [
  {
    kind: 'fixed_small',
    description: 'β̃ = (1 − ᾱ_s)/(1 − ᾱ_t)·β, the posterior variance (marginal-preserving)',
    create: (p, x0) => new DdpmStep(p, x0),
  },
  {
    kind: 'fixed_large',
    description: 'β = 1 − ᾱ_t/ᾱ_s (an upper bound)',
    create: (p, x0) => new PosteriorMeanStep(p, fixedLargeVariance(p), x0),
  },
  {
    kind: 'learned_range',
    description: 'exp(f·log β + (1 − f)·log β̃), f from the network (needs a learned-variance posterior)',
    create: (p, x0) => new PosteriorMeanStep(p, learnedRangeVariance(p), x0),
  },
];

/** The variance choice of a kind. */
export function ddpmVarianceOf(kind: string): DdpmVariance {
  const v = DDPM_VARIANCES.find((d) => d.kind === kind);
  if (!v) {
    throw new RangeError(
      `variance: unknown kind "${kind}" (known: ${DDPM_VARIANCES.map((d) => `"${d.kind}"`).join(', ')})`,
    );
  }
  return v;
}
