import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
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
 * parameterization (ε, x0, v, score, flow) plus a learned-variance one, the DDPM / DDIM steps and the Karras grid. (The PF-ODE solvers
 * take a predictor, not a prediction, so they run through `sampleOde` and `odeSolverRegistry`, not a step kind.)
 */
export const gaussianModule = new ContainerModule(({ bind }) => {
  for (const p of [vpProcess, vpContinuousProcess, veProcess, rectifiedFlowProcess])
    bind(TOKENS.ForwardProcess).toConstantValue(p);
  for (const p of [...gaussianPosteriors, learnedRangePosterior])
    bind(TOKENS.PosteriorModel).toConstantValue(p);
  for (const s of [ddpmStep, ddimStep]) bind(TOKENS.ConditionalStep).toConstantValue(s);
  bind(TOKENS.TimeGrid).toConstantValue(karrasGrid);
});
