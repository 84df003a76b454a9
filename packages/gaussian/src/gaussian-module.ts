import { progressiveDistillationContributionWith } from './distill/distillation-contribution.js';
import { weightedDenoisingContributionWith } from './objective/weighted-denoising-contribution.js';
import { TIME_DISTRIBUTIONS } from './objective/time-distribution-contributions.js';
import { LOSS_WEIGHTINGS } from './objective/weighting-contributions.js';
import {
  CHOICE_POINTS,
  choiceRegistry,
  CLI_COMMAND,
  CONFIG_MIGRATION,
  definePlugin,
  EVALUATOR,
  TOKENS,
} from '@udm/core';
import { posteriorObjectiveMigration } from './objective/posterior-objective-migration.js';
import { distillCommand } from './commands/distill-command.js';
import { importDiffusersCommand } from './commands/import-diffusers-command.js';
import { GAUSSIAN_CHOICES } from './choice-points.js';
import { odeSamplersOf } from './ode/sampler-contributions.js';
import { odeSolverContributions } from './ode/solver-contributions.js';
import { parameterizationContributions } from './parameterization/parameterization-registry.js';
import { gaussianPosteriorsOf } from './posterior/posterior-contributions.js';
import { pfOdeLikelihoodEvaluator } from './likelihood/likelihood-evaluator.js';
import { gaussianNelboEvaluator } from './metrics/gaussian-nelbo-evaluator.js';
import { guidanceContributions } from './guidance/guidance-contributions.js';
import {
  noisyClassifierObjective,
  noisyClassifierPosterior,
} from './classifier/noisy-classifier-contributions.js';
import { sdeSamplers } from './sde/sde-sampler-contributions.js';
import {
  rectifiedFlowProcess,
  veProcess,
  vpContinuousProcessWith,
  vpProcessWith,
} from './process/process-contributions.js';
import { continuousSchedules } from './schedules/continuous/continuous-schedule-contributions.js';
import { betaSchedules } from './schedules/schedule-contributions.js';
import { ddimStep, ddpmStep } from './steps/step-contributions.js';
import { karrasGrid } from './time/grid-contributions.js';

/**
 * Binds the Gaussian plugin: its second-level choices (β schedules, continuous ᾱ(t), parameterizations, PF-ODE
 * solvers — `GAUSSIAN_CHOICES`, to which a plugin adds its own), the processes (VP discrete and continuous, VE,
 * rectified flow) reading the bound schedules, one posterior per bound parameterization plus a learned-variance
 * one, the DDPM / DDIM steps, the Karras grid, and one sampler per bound ODE solver (`sample.sampler.kind`: `euler`,
 * `heun`, `dpmpp-2m`; they take a predictor, not a prediction, so they are whole sampling loops, not step kinds),
 * the reverse-SDE samplers (`sde`, `euler-maruyama`, `euler-ancestral`, `dpmpp-2m-sde`, `edm`, `pc-langevin`), and
 * classifier-free guidance (`sample.guidance.kind`: `classifier-free`), the noisy classifier of classifier
 * guidance (`posterior.kind` and `train.objective.kind`: `noisy-classifier`), and
 * `udm eval`'s evaluators: `gaussian-nelbo` (discrete time) and the PF-ODE likelihood `pf-ode-likelihood`
 * (continuous time), and the translation of the deprecated `posterior.weighting` / `posterior.time` into
 * `train.objective` (`CONFIG_MIGRATION`).
 */
export const gaussianModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(CHOICE_POINTS, ...Object.values(GAUSSIAN_CHOICES));
  contribute(GAUSSIAN_CHOICES.BetaSchedule.token, ...betaSchedules);
  contribute(GAUSSIAN_CHOICES.ContinuousSchedule.token, ...continuousSchedules);
  contribute(GAUSSIAN_CHOICES.Parameterization.token, ...parameterizationContributions);
  contribute(GAUSSIAN_CHOICES.OdeSolver.token, ...odeSolverContributions);
  contribute(GAUSSIAN_CHOICES.LossWeighting.token, ...LOSS_WEIGHTINGS);
  contribute(GAUSSIAN_CHOICES.TimeDistribution.token, ...TIME_DISTRIBUTIONS);

  contributeFrom(TOKENS.ForwardProcess, (source) => [
    vpProcessWith(choiceRegistry(source, GAUSSIAN_CHOICES.BetaSchedule)),
    vpContinuousProcessWith(choiceRegistry(source, GAUSSIAN_CHOICES.ContinuousSchedule)),
  ]);
  contribute(TOKENS.ForwardProcess, veProcess, rectifiedFlowProcess);
  contributeFrom(TOKENS.PosteriorModel, (source) =>
    gaussianPosteriorsOf(choiceRegistry(source, GAUSSIAN_CHOICES.Parameterization)),
  );
  contribute(TOKENS.PosteriorModel, noisyClassifierPosterior);
  contribute(TOKENS.ConditionalStep, ddpmStep, ddimStep);
  contribute(TOKENS.TimeGrid, karrasGrid);
  contributeFrom(TOKENS.Sampler, (source) =>
    odeSamplersOf(choiceRegistry(source, GAUSSIAN_CHOICES.OdeSolver)),
  );
  contribute(TOKENS.Sampler, ...sdeSamplers);
  contribute(TOKENS.Guidance, ...guidanceContributions);
  contributeFrom(TOKENS.TrainingObjective, (source) => {
    const weightings = choiceRegistry(source, GAUSSIAN_CHOICES.LossWeighting);
    return [
      weightedDenoisingContributionWith(
        weightings,
        choiceRegistry(source, GAUSSIAN_CHOICES.TimeDistribution),
      ),
      progressiveDistillationContributionWith(weightings),
    ];
  });
  contribute(TOKENS.TrainingObjective, noisyClassifierObjective);
  contribute(EVALUATOR, gaussianNelboEvaluator, pfOdeLikelihoodEvaluator);
  // The deprecated posterior.weighting / posterior.time, on the posterior kinds of the bound parameterizations.
  contributeFrom(CONFIG_MIGRATION, (source) => [
    posteriorObjectiveMigration(choiceRegistry(source, GAUSSIAN_CHOICES.Parameterization)),
  ]);
  contribute(CLI_COMMAND, distillCommand, importDiffusersCommand);
});
