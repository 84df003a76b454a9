import * as tf from '@tensorflow/tfjs';
import type { Container } from 'inversify';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Guidance } from '../contracts/guidance.js';
import type { Network } from '../contracts/network.js';
import type { Conditioning, PosteriorModel } from '../contracts/posterior-model.js';
import type { Sampler } from '../contracts/sampler.js';
import type { Predictor } from '../sampling/predictor.js';
import type { ObjectiveState, TrainingObjective } from '../contracts/training-objective.js';
import { ConfigError } from '../config/config-error.js';
import { decodeOrThrow } from '../config/decode.js';
import type { DataSplit } from '../data/dataset.js';
import { deriveSeed } from '../random/derive-seed.js';
import type { Rng, RngState } from '../random/rng.js';
import { SeededRng } from '../random/seeded-rng.js';
import { CHECKPOINT_MODELS } from '../checkpoint/checkpoint-models.js';
import {
  checkClassLabels,
  classLabelsTensor,
  type ClassLabels,
  type LabelledModel,
} from '../sampling/class-labels.js';
import type { SampleProgress, SampleResult } from '../sampling/sample.js';
import { stepPairs, type StepPair } from '../time/time-grid.js';
import { Ema } from '../training/ema.js';
import { restoreOptimizer } from '../training/optimizer-state.js';
import { train, type TrainProgress, type TrainSummary } from '../training/train.js';
import type { CheckpointSink, NamedTensor } from '../training/training-state.js';
import type { CapabilitySubject } from '../capabilities/capability.js';
import { checkProvided, checkRequirements, type CapabilityParts } from '../capabilities/requirements.js';
import type { KindConfig } from './contribution.js';
import type { Registry } from './registry.js';
import type { PosteriorContribution } from './extension-points.js';
import type { Registries } from './registries.js';
import type { UdmConfig } from './udm-config.js';

export interface UdmTrainOptions {
  readonly onStep?: (progress: TrainProgress) => void;
  readonly checkpoint?: CheckpointSink;
  readonly signal?: AbortSignal;
  /** Train up to this many steps in total (default: `train.steps` of the config). */
  readonly steps?: number;
}

export interface UdmSampleOptions {
  readonly count?: number;
  readonly steps?: number;
  /**
   * Override the configured sampler, step or grid (validated like the config's `sample.sampler` / `sample.step` /
   * `sample.grid`).
   */
  readonly sampler?: unknown;
  readonly step?: unknown;
  readonly grid?: unknown;
  readonly rng?: Rng;
  /**
   * Class labels y (validated like `sample.labels`: in range, one per sample or one for all); default: the
   * config's `sample.labels`; null: none. Ignored when `cond` carries labels.
   */
  readonly labels?: ClassLabels | null;
  /**
   * Guidance (validated like `sample.guidance`, e.g. `{ kind: 'classifier-free', scale: 3 }`); default: the
   * config's `sample.guidance`; null: none (the posterior as it is).
   */
  readonly guidance?: unknown;
  /** Names the labels in errors (default `sample.labels`; e.g. `labels (--label)` for the CLI's option). */
  readonly labelsAt?: string;
  readonly cond?: Conditioning;
  readonly onStep?: (progress: SampleProgress<tf.Tensor, unknown>) => void;
  readonly keep?: ReadonlySet<number>;
}

/** A host-side snapshot to resume from (as read from a checkpoint). */
export interface TrainingSnapshot {
  readonly step: number;
  readonly params: ReadonlyMap<string, tf.Tensor>;
  readonly ema?: ReadonlyMap<string, tf.Tensor>;
  readonly emaUpdates?: number;
  readonly optimizer?: NamedTensor[];
  readonly rng?: RngState;
  /** The training objective's adaptive state. */
  readonly objective?: ObjectiveState;
}

/**
 * A composed diffusion model: the parts chosen by a config, wired through DI, with `train()` and `sample()`.
 * Owns its tensors (network weights, EMA, optimizer slots); call `dispose()` when done.
 */
export class Udm {
  readonly data: DataSplit;
  readonly process: ForwardProcess;
  readonly network: Network;
  readonly posterior: PosteriorModel;
  readonly step: ConditionalStep;
  readonly sampler: Sampler;
  /** The configured guidance (`sample.guidance`), if any. */
  readonly guidance: Guidance | undefined;
  /** What each training step computes (`train.objective`; default the denoising objective). */
  readonly objective: TrainingObjective;
  /** The training RNG (its state is checkpointed). */
  readonly rng: Rng;
  readonly optimizer: tf.Optimizer;
  readonly ema: Ema | undefined;
  private stepsDone = 0;

  constructor(
    readonly config: UdmConfig,
    readonly registries: Registries,
    readonly container: Container,
  ) {
    const r = registries;
    const dataFrom = (raw: unknown, at: string): DataSplit =>
      r.datasets.create(decodeOrThrow(r.datasets.codec(), raw, at), { seed: config.seed, dataFrom });
    this.data = this.part('data', r.datasets, config.data, { seed: config.seed, dataFrom }, 'data');
    const itemShape = this.data.train.itemShape;
    const outputShape = build('posterior', () => networkOutputShape(r, config.posterior, itemShape));
    this.process = this.part(
      'process',
      r.processes,
      config.process,
      { itemShape, data: this.data.train },
      'process',
    );
    const networkDeps = (label: string) => ({
      itemShape,
      classes: this.data.train.classes,
      categories: this.data.train.categories,
      rng: new SeededRng(deriveSeed(config.seed, label)),
      ...(outputShape ? { outputShape } : {}),
    });
    this.network = this.part('network', r.networks, config.network, networkDeps('network-init'));
    this.posterior = this.part(
      'posterior',
      r.posteriors,
      config.posterior,
      { process: this.process, network: this.network },
      'posterior',
    );
    this.step = this.part('sample.step', r.steps, config.sample.step, { process: this.process });
    this.sampler = this.part('sample.sampler', r.samplers, config.sample.sampler, { process: this.process });
    this.objective = this.part('train.objective', r.objectives, config.train.objective, {
      process: this.process,
      posterior: this.posterior,
      network: this.network,
      data: this.data.train,
      steps: config.train.steps,
      replica: () => {
        const network = r.networks.create(config.network, networkDeps('network-replica'));
        const posterior = r.posteriors.create(config.posterior, { process: this.process, network });
        return { network, posterior };
      },
    });
    this.pairs(config.sample.steps);
    this.guidance = this.guidanceFrom(config.sample.guidance, 'sample.guidance');
    try {
      this.checkGuidanceLabels(this.guidance, config.sample.labels, 'sample.guidance', 'sample.labels');
    } catch (e) {
      this.guidance?.dispose?.();
      throw e;
    }
    this.optimizer = build('train.optimizer', () =>
      r.optimizers.create(config.train.optimizer, { steps: config.train.steps }),
    );
    this.ema = config.train.ema > 0 ? new Ema(this.network.variables, config.train.ema) : undefined;
    this.rng = new SeededRng(deriveSeed(config.seed, 'train'));
  }

  /** The parts built so far, for checking declared requirements. */
  private builtParts(): CapabilityParts {
    const parts: Partial<Record<CapabilitySubject, unknown>> = {};
    // The fields are assigned in build order; the ones not built yet are undefined.
    const self = this as Partial<Udm>;
    if (self.data) parts.data = self.data;
    if (self.process) parts.process = self.process;
    if (self.posterior) parts.posterior = self.posterior;
    return parts;
  }

  /**
   * Builds one part through its registry: the contribution's declared requirements are checked against the parts
   * built so far (a ConfigError naming the missing capability), and the capabilities it declares against what it
   * built.
   */
  private part<T, D>(
    section: string,
    registry: Registry<T, D>,
    config: KindConfig,
    deps: D,
    subject?: CapabilitySubject,
  ): T {
    return build(section, () => {
      const c = registry.get(config.kind);
      const who = `${section}.kind: "${config.kind}"`;
      const kinds = {
        data: this.config.data.kind,
        process: this.config.process.kind,
        posterior: this.config.posterior.kind,
      };
      checkRequirements(who, c.requires, this.builtParts(), kinds);
      const made = c.create(config, deps);
      if (subject) checkProvided(who, c.provides, made);
      return made;
    });
  }

  /**
   * What labels are checked against: the classes of a guidance that reads y itself (a classifier's, accepted even
   * for an unconditional model), else the model's (its data's classes and its network's label embedding).
   */
  private labelled(guidance?: Guidance): LabelledModel {
    if (guidance?.classes !== undefined) return { classes: guidance.classes, networkClasses: undefined };
    return { classes: this.data.train.classes, networkClasses: this.network.labelClasses };
  }

  /** Builds a `sample.guidance` config (decoded at `at`) through its registry; undefined: none. */
  private guidanceFrom(raw: unknown, at: string): Guidance | undefined {
    if (raw === undefined || raw === null) return undefined;
    const config = decodeOrThrow(this.registries.guidances.codec(), raw, at);
    const checkpoints = this.container.get(CHECKPOINT_MODELS, { optional: true });
    return this.part(at, this.registries.guidances, config, {
      process: this.process,
      posterior: this.posterior,
      network: this.network,
      config: this.config,
      itemShape: this.data.train.itemShape,
      classes: this.data.train.classes,
      ...(checkpoints ? { checkpoints } : {}),
    });
  }

  /** Labels are valid for this model, and guidance that needs them has them (an error, never silence). */
  private checkGuidanceLabels(
    guidance: Guidance | undefined,
    labels: ClassLabels | undefined,
    guidanceAt: string,
    labelsAt: string,
  ): void {
    if (labels !== undefined) checkClassLabels(labels, this.labelled(guidance), labelsAt);
    if (guidance?.needsLabels && labels === undefined)
      throw new ConfigError([
        `${guidanceAt}: this guidance needs class labels y; set ${labelsAt} (e.g. udm sample --label 3)`,
      ]);
  }

  /**
   * What a sampler calls with a guidance config (validated like `sample.guidance`): the guidance it builds; undefined:
   * the configured `sample.guidance`; null or none configured: the posterior itself. The labels (undefined: the
   * configured `sample.labels`; null: none) are checked as `sample()` checks them (errors name `labelsAt`). For
   * measuring a sampling step as `sample()` takes it (classifier-free guidance evaluates the network on twice the
   * batch). A guidance built here from a given config belongs to the caller: free it with its `dispose()`.
   */
  samplingPredictor(
    guidance?: unknown,
    labels?: ClassLabels | null,
    labelsAt = 'sample.labels',
  ): Predictor<tf.Tensor, unknown> {
    const chosen = guidance === undefined ? this.guidance : this.guidanceFrom(guidance, 'sample.guidance');
    const given = labels === undefined ? this.config.sample.labels : (labels ?? undefined);
    try {
      this.checkGuidanceLabels(chosen, given, 'sample.guidance', labelsAt);
    } catch (e) {
      if (chosen !== this.guidance) chosen?.dispose?.();
      throw e;
    }
    return chosen ?? this.posterior;
  }

  /** Optimizer steps done so far (including those restored from a checkpoint). */
  get trainedSteps(): number {
    return this.stepsDone;
  }

  /** The sampler's moves t → s for `steps` steps on the configured (or given) grid. */
  pairs(steps: number = this.config.sample.steps, gridConfig: unknown = this.config.sample.grid): StepPair[] {
    const gridCfg = decodeOrThrow(this.registries.grids.codec(), gridConfig, 'sample.grid');
    const grid = this.registries.grids.create(gridCfg, {});
    return build('sample.steps', () => stepPairs(this.process.time, grid.times(this.process.time, steps)));
  }

  async train(options: UdmTrainOptions = {}): Promise<TrainSummary> {
    const c = this.config.train;
    const summary = await train({
      process: this.process,
      posterior: this.posterior,
      objective: this.objective,
      network: this.network,
      data: this.data.train,
      optimizer: this.optimizer,
      rng: this.rng,
      batchSize: c.batchSize,
      accumulate: c.accumulate,
      steps: options.steps ?? c.steps,
      startStep: this.stepsDone,
      ...(this.ema ? { ema: this.ema } : {}),
      ...(c.gradClipNorm !== undefined ? { gradClipNorm: c.gradClipNorm } : {}),
      checkpointEvery: c.checkpointEvery,
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.stepsDone = summary.step;
    return summary;
  }

  /**
   * Draws samples with the configured step and grid (or overrides). Uses the current network weights; call
   * `useEmaWeights()` first to sample with the EMA.
   */
  sample(options: UdmSampleOptions = {}): SampleResult<tf.Tensor> {
    const s = this.config.sample;
    const step =
      options.step === undefined
        ? this.step
        : this.part(
            'sample.step',
            this.registries.steps,
            decodeOrThrow(this.registries.steps.codec(), options.step, 'sample.step'),
            { process: this.process },
          );
    const sampler =
      options.sampler === undefined
        ? this.sampler
        : this.part(
            'sample.sampler',
            this.registries.samplers,
            decodeOrThrow(this.registries.samplers.codec(), options.sampler, 'sample.sampler'),
            { process: this.process },
          );
    const count = options.count ?? s.count;
    const labelsAt = options.labelsAt ?? 'sample.labels';
    // guidance given here is built for this call (and freed after it); the configured one lives with the model
    const built =
      options.guidance === undefined ? undefined : this.guidanceFrom(options.guidance, 'sample.guidance');
    const guidance = options.guidance === undefined ? this.guidance : built;
    let labelTensor: tf.Tensor1D | undefined;
    try {
      if (guidance?.classes === undefined)
        checkLabels(options.cond?.labels, count, this.data.train.classes, this.network.labelClasses);
      const given = options.labels === undefined ? s.labels : (options.labels ?? undefined);
      const labels = options.cond?.labels ? undefined : given;
      if (!options.cond?.labels) this.checkGuidanceLabels(guidance, labels, 'sample.guidance', labelsAt);
      labelTensor =
        labels === undefined
          ? undefined
          : classLabelsTensor(labels, this.labelled(guidance), labelsAt, count);
      const cond = labelTensor ? { ...options.cond, labels: labelTensor } : options.cond;
      return sampler.sample({
        process: this.process,
        predictor: guidance ?? this.posterior,
        step,
        pairs: this.pairs(options.steps ?? s.steps, options.grid ?? s.grid),
        shape: [count, ...this.data.train.itemShape],
        rng: options.rng ?? new SeededRng(deriveSeed(this.config.seed, 'sample')),
        ...(cond ? { cond } : {}),
        ...(options.onStep ? { onStep: options.onStep } : {}),
        ...(options.keep ? { keep: options.keep } : {}),
      });
    } finally {
      labelTensor?.dispose();
      built?.dispose?.();
    }
  }

  /** Copies the EMA weights θ̄ into the network (no-op without EMA). */
  useEmaWeights(): void {
    this.ema?.copyTo(this.network.variables);
  }

  /**
   * Restores weights, EMA, optimizer slots, RNG, the objective's state and step count from a snapshot (for resume or
   * sampling).
   */
  async restore(snapshot: TrainingSnapshot): Promise<void> {
    if (snapshot.optimizer && snapshot.optimizer.length > 0)
      await restoreOptimizer(this.optimizer, snapshot.optimizer, snapshot.step);
    this.restoreWeights(snapshot);
  }

  /**
   * `restore` without the optimizer's slots, synchronously: weights, EMA, RNG, the objective's state and step count
   * (what sampling and evaluation need, e.g. a classifier read back by a guidance while the model is built).
   */
  restoreWeights(snapshot: Omit<TrainingSnapshot, 'optimizer'>): void {
    assign(this.network.variables, snapshot.params, 'params');
    if (this.ema && snapshot.ema) {
      assign(this.ema.shadow, snapshot.ema, 'ema');
      this.ema.count = snapshot.emaUpdates ?? 0;
    }
    if (snapshot.rng) this.rng.setState(snapshot.rng);
    if (snapshot.objective) {
      if (!this.objective.setState)
        throw new Error(
          `checkpoint: holds objective state, but train.objective "${this.objective.kind}" keeps none`,
        );
      this.objective.setState(snapshot.objective);
    }
    this.stepsDone = snapshot.step;
  }

  dispose(): void {
    this.guidance?.dispose?.();
    for (const v of this.network.variables.values()) v.dispose();
    this.ema?.dispose();
    this.optimizer.dispose();
    this.objective.dispose?.();
  }
}

/**
 * Labels passed to `sample` must be usable, not silently ignored: the model must be class-conditional (its data have
 * `classes`) and there must be one label per sample.
 */
function checkLabels(
  labels: tf.Tensor | undefined,
  count: number,
  classes: number | undefined,
  networkClasses: number | undefined,
): void {
  if (labels === undefined) return;
  if (classes === undefined)
    throw new ConfigError([
      'cond.labels: the model is unconditional (its data have no classes), so labels would be ignored',
    ]);
  if (networkClasses === 0)
    throw new ConfigError([
      'cond.labels: the network has no label embedding (e.g. network.labelEmbedding = 0), so labels would be ignored',
    ]);
  if (labels.rank !== 1 || labels.shape[0] !== count)
    throw new ConfigError([
      `cond.labels: expected one label per sample (shape [${count}]), got shape [${labels.shape.join(', ')}]`,
    ]);
}

function assign(
  target: ReadonlyMap<string, tf.Variable>,
  source: ReadonlyMap<string, tf.Tensor>,
  what: string,
): void {
  for (const [name, v] of target) {
    const s = source.get(name);
    if (!s)
      throw new Error(`checkpoint: ${what} has no tensor "${name}" (has: ${[...source.keys()].join(', ')})`);
    if (!tf.util.arraysEqual(s.shape, v.shape)) {
      throw new Error(
        `checkpoint: ${what}.${name} has shape [${s.shape.join(', ')}], expected [${v.shape.join(', ')}]`,
      );
    }
    v.assign(s);
  }
}

/** The posterior's network output shape when it differs from the item shape (e.g. a learned variance). */
function networkOutputShape(
  r: Registries,
  posterior: KindConfig,
  itemShape: readonly number[],
): readonly number[] | undefined {
  const c = r.posteriors.get(posterior.kind) as PosteriorContribution;
  const shape = c.networkOutputShape?.(posterior, itemShape);
  return shape && !tf.util.arraysEqual([...shape], [...itemShape]) ? shape : undefined;
}

/** Runs a factory; errors other than ConfigError are reported as config errors of `section`. */
function build<T>(section: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([`${section}: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

export type { KindConfig };
