import type * as tf from '@tensorflow/tfjs';
import type { ServiceIdentifier } from 'inversify';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Guidance } from '../contracts/guidance.js';
import type { Network } from '../contracts/network.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import type { Sampler } from '../contracts/sampler.js';
import type { TrainingObjective } from '../contracts/training-objective.js';
import type { DataSplit, Dataset } from '../data/dataset.js';
import type { Rng } from '../random/rng.js';
import type { TimeGrid } from '../time/time-grid.js';
import type { CheckpointModels } from '../checkpoint/checkpoint-models.js';
import type { Contribution, KindConfig } from './contribution.js';
import type { UdmConfig } from './udm-config.js';

/** What a process factory receives. */
export interface ProcessDeps {
  /** Shape of one example of the data set. */
  readonly itemShape: readonly number[];
  /**
   * The training set, for processes whose prior p(x_T) is fitted to data (e.g. cold diffusion's Gaussian mixture
   * over fully degraded training images). Absent when a process is built without data.
   */
  readonly data?: Dataset;
}

/** What a network factory receives. */
export interface NetworkDeps {
  readonly itemShape: readonly number[];
  /** Number of classes when the data carry labels (for class-conditional networks). */
  readonly classes: number | undefined;
  /** For categorical data: the number of values an entry takes (`Dataset.categories`), e.g. a vocabulary size. */
  readonly categories?: number | undefined;
  /** Initialises θ reproducibly. */
  readonly rng: Rng;
  /**
   * Shape of one item of the network's output when the posterior needs one other than `itemShape` (e.g. a learned
   * variance doubles the last axis); absent: the output has the item's shape. Networks that cannot honour it throw.
   */
  readonly outputShape?: readonly number[];
}

/** What a posterior (parameterization) factory receives: G_t = parameterization ∘ network on a process. */
export interface PosteriorDeps {
  readonly process: ForwardProcess;
  readonly network: Network;
}

/** What a sampler factory receives. */
export interface SamplerDeps {
  readonly process: ForwardProcess;
}

/** What a guidance factory receives: the model's parts the guided predictor is built from. */
export interface GuidanceDeps {
  readonly process: ForwardProcess;
  readonly posterior: PosteriorModel;
  readonly network: Network;
  /** The model's resolved config (e.g. to check that a classifier was trained under the same process). */
  readonly config: UdmConfig;
  /** Shape of one example of the model's data. */
  readonly itemShape: readonly number[];
  /** The classes of the model's data (undefined: unlabelled). */
  readonly classes: number | undefined;
  /**
   * Reads trained models from checkpoints a config field names (e.g. a noisy classifier), with the path checks of
   * the config's files; absent where the application bound no `CHECKPOINT_MODELS`.
   */
  readonly checkpoints?: CheckpointModels;
}

/** What a conditional step factory receives. */
export interface StepDeps {
  readonly process: ForwardProcess;
}

/** What a training-objective factory receives: the parts one training step works on. */
export interface ObjectiveDeps {
  readonly process: ForwardProcess;
  readonly posterior: PosteriorModel;
  readonly network: Network;
  /** The training set. */
  readonly data: Dataset;
  /**
   * The run's length as configured (`train.steps`), for objectives whose draws follow a schedule over training; an
   * objective that needs it across a resume with another length checkpoints the value it used. Absent where an
   * objective is built by hand.
   */
  readonly steps?: number;
  /**
   * Builds a second G_t of the run's own `network` and `posterior` configs with weights of its own (freshly
   * initialised, not trained): a teacher, a target network. The objective owns it and disposes its weights.
   * Given by the composition root (`createUdm`); absent where an objective is built by hand.
   */
  readonly replica?: () => { readonly network: Network; readonly posterior: PosteriorModel };
}

/** What a data set factory receives. */
export interface DatasetDeps {
  /** The run's seed, for data sets that are generated. */
  readonly seed: number;
  /**
   * Builds a nested data config (e.g. the pixel data a `latent` data set encodes) through the same registry:
   * validated with the registered codecs, errors prefixed with `at` (e.g. `data.source`).
   */
  readonly dataFrom?: (raw: unknown, at: string) => DataSplit;
}

export type ProcessContribution = Contribution<KindConfig, ForwardProcess, ProcessDeps>;
export type NetworkContribution = Contribution<KindConfig, Network, NetworkDeps>;
export interface PosteriorContribution extends Contribution<KindConfig, PosteriorModel, PosteriorDeps> {
  /**
   * The shape of one item of the network output this posterior reads, given the data's item shape; absent: the
   * item shape. The composition root tells the network factory (`NetworkDeps.outputShape`).
   */
  networkOutputShape?(config: KindConfig, itemShape: readonly number[]): readonly number[];
}
export type StepContribution = Contribution<KindConfig, ConditionalStep, StepDeps>;
export type SamplerContribution = Contribution<KindConfig, Sampler, SamplerDeps>;
export type GuidanceContribution = Contribution<KindConfig, Guidance, GuidanceDeps>;
export type GridContribution = Contribution<KindConfig, TimeGrid, Record<string, never>>;
export type DatasetContribution = Contribution<KindConfig, DataSplit, DatasetDeps>;
/** What an optimizer factory is told: the run's length, where a learning-rate decay ends by default. */
export interface OptimizerDeps {
  /** `train.steps`. */
  readonly steps: number;
}
export type OptimizerContribution = Contribution<KindConfig, tf.Optimizer, OptimizerDeps>;
export type ObjectiveContribution = Contribution<KindConfig, TrainingObjective, ObjectiveDeps>;

/**
 * DI tokens, one per extension point, named after the contract. Plugins multi-bind contributions to them in their
 * `ContainerModule`; the composition root looks them up by the config's `kind`.
 */
export const TOKENS = {
  ForwardProcess: Symbol.for('udm.ForwardProcess') as ServiceIdentifier<ProcessContribution>,
  Network: Symbol.for('udm.Network') as ServiceIdentifier<NetworkContribution>,
  PosteriorModel: Symbol.for('udm.PosteriorModel') as ServiceIdentifier<PosteriorContribution>,
  ConditionalStep: Symbol.for('udm.ConditionalStep') as ServiceIdentifier<StepContribution>,
  Sampler: Symbol.for('udm.Sampler') as ServiceIdentifier<SamplerContribution>,
  Guidance: Symbol.for('udm.Guidance') as ServiceIdentifier<GuidanceContribution>,
  TimeGrid: Symbol.for('udm.TimeGrid') as ServiceIdentifier<GridContribution>,
  Dataset: Symbol.for('udm.Dataset') as ServiceIdentifier<DatasetContribution>,
  Optimizer: Symbol.for('udm.Optimizer') as ServiceIdentifier<OptimizerContribution>,
  TrainingObjective: Symbol.for('udm.TrainingObjective') as ServiceIdentifier<ObjectiveContribution>,
} as const;

/** The config section each extension point is chosen in (used in error messages and `udm list`). */
export const EXTENSION_POINTS = {
  ForwardProcess: 'process',
  Network: 'network',
  PosteriorModel: 'posterior',
  ConditionalStep: 'sample.step',
  Sampler: 'sample.sampler',
  Guidance: 'sample.guidance',
  TimeGrid: 'sample.grid',
  Dataset: 'data',
  Optimizer: 'train.optimizer',
  TrainingObjective: 'train.objective',
} as const satisfies Record<keyof typeof TOKENS, string>;
