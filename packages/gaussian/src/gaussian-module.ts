import { ContainerModule } from 'inversify';
import { EVALUATOR, TOKENS } from '@udm/core';
import { gaussianNelboEvaluator } from './metrics/gaussian-nelbo-evaluator.js';
import { odeSamplers } from './ode/sampler-contributions.js';
import { pfOdeLikelihoodEvaluator } from './likelihood/likelihood-evaluator.js';
import { sdeSamplers } from './sde/sde-sampler-contributions.js';
import { gaussianPosteriors, learnedRangePosterior } from './posterior/posterior-contributions.js';
import {
  rectifiedFlowProcess,
  veProcess,
  vpContinuousProcess,
  vpProcess,
} from './process/process-contributions.js';
import { ddimStep, ddpmStep } from './steps/step-contributions.js';
import { karrasGrid } from './time/grid-contributions.js';

/**
 * Binds the Gaussian plugin: the processes (VP discrete and continuous, VE, rectified flow), one posterior per
 * parameterization (ε, x0, v, score, flow) plus a learned-variance one, the DDPM / DDIM steps, the Karras grid, and
 * the PF-ODE solvers as samplers (`sample.sampler.kind`: `euler`, `heun`, `dpmpp-2m`; they take a predictor, not
 * a prediction, so they are whole sampling loops rather than step kinds), and the reverse-SDE samplers (`sde`,
 * `euler-maruyama`, `euler-ancestral`, `dpmpp-2m-sde`, `edm`, `pc-langevin`); and `udm eval`'s evaluators:
 * `gaussian-nelbo` (discrete time) and the PF-ODE likelihood `pf-ode-likelihood` (continuous time).
 */
export const gaussianModule = new ContainerModule(({ bind }) => {
  for (const p of [vpProcess, vpContinuousProcess, veProcess, rectifiedFlowProcess])
    bind(TOKENS.ForwardProcess).toConstantValue(p);
  for (const p of [...gaussianPosteriors, learnedRangePosterior])
    bind(TOKENS.PosteriorModel).toConstantValue(p);
  for (const s of [ddpmStep, ddimStep]) bind(TOKENS.ConditionalStep).toConstantValue(s);
  bind(TOKENS.TimeGrid).toConstantValue(karrasGrid);
  for (const s of [...odeSamplers, ...sdeSamplers]) bind(TOKENS.Sampler).toConstantValue(s);
  bind(EVALUATOR).toConstantValue(gaussianNelboEvaluator);
  bind(EVALUATOR).toConstantValue(pfOdeLikelihoodEvaluator);
});
