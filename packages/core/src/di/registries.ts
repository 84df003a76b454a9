import { Container, type ContainerModule } from 'inversify';
import { coreModule } from '../builtins/core-module.js';
import type { Contribution, KindConfig } from './contribution.js';
import { EXTENSION_POINTS, TOKENS } from './extension-points.js';
import type {
  DatasetContribution,
  GridContribution,
  GuidanceContribution,
  NetworkContribution,
  OptimizerContribution,
  ObjectiveContribution,
  PosteriorContribution,
  ProcessContribution,
  SamplerContribution,
  StepContribution,
} from './extension-points.js';
import { Registry } from './registry.js';
import { CHOICE_POINTS, choiceRegistry, type ChoicePoint } from './choice-point.js';
import type { ServiceIdentifier } from 'inversify';

type Deps<C> = C extends Contribution<KindConfig, infer _T, infer D> ? D : never;
type Made<C> = C extends Contribution<KindConfig, infer T, infer _D> ? T : never;

/** The registries of every extension point, built from a container's multi-bound contributions. */
export interface Registries {
  readonly processes: Registry<Made<ProcessContribution>, Deps<ProcessContribution>>;
  readonly networks: Registry<Made<NetworkContribution>, Deps<NetworkContribution>>;
  readonly posteriors: Registry<Made<PosteriorContribution>, Deps<PosteriorContribution>>;
  readonly steps: Registry<Made<StepContribution>, Deps<StepContribution>>;
  readonly samplers: Registry<Made<SamplerContribution>, Deps<SamplerContribution>>;
  readonly guidances: Registry<Made<GuidanceContribution>, Deps<GuidanceContribution>>;
  readonly grids: Registry<Made<GridContribution>, Deps<GridContribution>>;
  readonly datasets: Registry<Made<DatasetContribution>, Deps<DatasetContribution>>;
  readonly optimizers: Registry<Made<OptimizerContribution>, Deps<OptimizerContribution>>;
  /** The second-level choice points the modules declare, each with its contributions (for `udm list`). */
  readonly choices: ReadonlyArray<{
    readonly point: ChoicePoint;
    readonly registry: Registry<unknown, unknown>;
  }>;
  readonly objectives: Registry<Made<ObjectiveContribution>, Deps<ObjectiveContribution>>;
}

/** A container with core's module and the given plugin modules loaded. */
export function createContainer(modules: readonly ContainerModule[]): Container {
  const container = new Container();
  container.load(coreModule, ...modules);
  return container;
}

function collect<C extends Contribution<KindConfig, unknown, unknown>>(
  container: Container,
  token: ServiceIdentifier<C>,
  point: string,
): Registry<Made<C>, Deps<C>> {
  // A binding may provide a list of contributions (e.g. one posterior per bound parameterization): flattened.
  const all = (container.isBound(token) ? container.getAll(token) : []).flat();
  return new Registry(point, all as unknown as ReadonlyArray<Contribution<KindConfig, Made<C>, Deps<C>>>);
}

export function registriesOf(container: Container): Registries {
  const p = EXTENSION_POINTS;
  return {
    processes: collect(container, TOKENS.ForwardProcess, p.ForwardProcess),
    networks: collect(container, TOKENS.Network, p.Network),
    posteriors: collect(container, TOKENS.PosteriorModel, p.PosteriorModel),
    steps: collect(container, TOKENS.ConditionalStep, p.ConditionalStep),
    samplers: collect(container, TOKENS.Sampler, p.Sampler),
    guidances: collect(container, TOKENS.Guidance, p.Guidance),
    grids: collect(container, TOKENS.TimeGrid, p.TimeGrid),
    datasets: collect(container, TOKENS.Dataset, p.Dataset),
    optimizers: collect(container, TOKENS.Optimizer, p.Optimizer),
    choices: container
      .getAll(CHOICE_POINTS, { optional: true })
      .map((point) => ({ point, registry: choiceRegistry(container, point) })),
    objectives: collect(container, TOKENS.TrainingObjective, p.TrainingObjective),
  };
}
