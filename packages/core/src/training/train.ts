import * as tf from '@tensorflow/tfjs';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Network } from '../contracts/network.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import type { TrainingObjective } from '../contracts/training-objective.js';
import type { DataBatch, Dataset } from '../data/dataset.js';
import { randomBatch } from '../data/random-batches.js';
import type { Rng } from '../random/rng.js';
import { accumulateMicroBatches } from './accumulate.js';
import { DivergenceError } from './divergence-error.js';
import { inTrainingMode } from './training-mode.js';
import type { Ema } from './ema.js';
import { clipByGlobalNorm, firstNonFiniteAsync, lossAndGlobalNorm } from './gradients.js';
import { checkBatch, checkTrainOptions, nonFiniteData, nonFiniteWeights } from './train-checks.js';
import { isAllocationFailure, OutOfMemoryError } from './out-of-memory-error.js';
import { denoisingObjective } from './denoising-objective.js';
import type { CheckpointSink } from './training-state.js';
import { eventLoopYielder } from './yield-to-event-loop.js';

/** Progress after each optimizer step. */
export interface TrainProgress {
  readonly step: number;
  readonly totalSteps: number;
  readonly loss: number;
  readonly gradNorm: number;
  /** Optimizer steps per second over this run so far. */
  readonly stepsPerSecond: number;
}

export interface TrainOptions {
  /** The forward process of the default (denoising) objective; not needed when `objective` is given. */
  readonly process?: ForwardProcess;
  /** G_t: its network is the one trained unless `network` is given. */
  readonly posterior?: PosteriorModel;
  /**
   * What each step computes (the fourth contract); default: the denoising objective of `process` and `posterior`.
   * Its gradient is taken with respect to the trained network's weights.
   */
  readonly objective?: TrainingObjective;
  /**
   * The network whose weights are trained (default: the posterior's): its `variables`, and `setTraining` when it has
   * stochastic layers. Any trainable model fits (e.g. an autoencoder trained by its reconstruction objective).
   */
  readonly network?: Pick<Network, 'variables' | 'setTraining'>;
  readonly data: Dataset;
  readonly optimizer: tf.Optimizer;
  readonly rng: Rng;
  /** Examples per micro-batch (the batch one `objective.loss` call sees). */
  readonly batchSize: number;
  /**
   * Gradient accumulation: micro-batches per optimizer step (default 1). Their gradients are averaged, so k
   * micro-batches of `batchSize` make the same update as one batch of k·batchSize; steps, EMA updates and
   * checkpoints count optimizer steps.
   */
  readonly accumulate?: number;
  /** Train until this step count is reached. */
  readonly steps: number;
  /** Steps already done (when resuming). */
  readonly startStep?: number;
  readonly ema?: Ema;
  /** Clip gradients to this global L2 norm. */
  readonly gradClipNorm?: number;
  readonly checkpointEvery?: number;
  readonly checkpoint?: CheckpointSink;
  readonly onStep?: (progress: TrainProgress) => void;
  /** Stops cleanly after the current step (a checkpoint is written if a sink is set). */
  readonly signal?: AbortSignal;
}

export interface TrainSummary {
  readonly step: number;
  readonly lastLoss: number;
  readonly meanLoss: number;
  readonly stepsPerSecond: number;
  readonly seconds: number;
  readonly stopped: boolean;
}

/**
 * The one UDM trainer. Each optimizer step draws `accumulate` micro-batches x0 ~ data and asks the training
 * objective for each one's loss (the default, denoising: t ~ p(t), ε ~ q(ε), x_t = F_t(x0, ε), G_t's loss
 * −log q(x0 | x_t)); their gradients are averaged and applied once. The options and the data set are checked before
 * the first step (DataError / RangeError). Non-finite losses or gradients stop training before the weights change
 * (DivergenceError; a non-finite loss caused by non-finite data is a DataError); the EMA is updated after each
 * optimizer step; the state (with the objective's) goes to the checkpoint sink every `checkpointEvery` steps and at
 * the end, unless the weights are no longer finite (DivergenceError, nothing written). A failed allocation becomes
 * an OutOfMemoryError naming the step and the batch size.
 */
export async function train(options: TrainOptions): Promise<TrainSummary> {
  checkTrainOptions(options);
  const { data, optimizer, rng, batchSize, steps, ema, checkpoint } = options;
  const objective = options.objective ?? defaultObjective(options);
  const network = options.network ?? options.posterior?.network;
  if (!network)
    throw new RangeError('network: train() needs `network` or `posterior` (whose network it trains)');
  const accumulate = options.accumulate ?? 1;
  const variables = network.variables;
  const varList = [...variables.values()];
  const start = options.startStep ?? 0;
  const began = performance.now();
  let step = start;
  let lastLoss = NaN;
  let lossSum = 0;
  let lossSinceCheckpoint = 0;
  let sinceCheckpoint = 0;
  let stopped = false;

  const save = async (): Promise<void> => {
    if (!checkpoint || sinceCheckpoint === 0) return;
    const bad =
      (await nonFiniteWeights(variables, 'weights')) ??
      (ema ? await nonFiniteWeights(ema.shadow, 'EMA weights') : undefined);
    if (bad) {
      throw new DivergenceError(
        step,
        bad.tensor,
        bad.value,
        'the checkpoint was not written; the last good checkpoint is kept',
      );
    }
    // getWeights() returns the optimizer's slot variables plus tensors it creates for the call (the iteration
    // count); those are disposed once the sink is done with them.
    const optimizerWeights = await optimizer.getWeights();
    const objectiveState = objective.getState?.();
    try {
      await checkpoint.save({
        step,
        params: variables,
        ...(ema ? { ema: ema.shadow, emaUpdates: ema.count } : {}),
        optimizer: optimizerWeights,
        rng: rng.getState(),
        ...(objectiveState ? { objective: objectiveState } : {}),
        loss: lossSinceCheckpoint / sinceCheckpoint,
      });
    } finally {
      for (const w of optimizerWeights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
    }
    lossSinceCheckpoint = 0;
    sinceCheckpoint = 0;
  };

  /** One micro-batch: its loss and gradients (the batch is kept for the data check). */
  const microStep = (batches: DataBatch[]): { value: tf.Scalar; grads: tf.NamedTensorMap } => {
    const b = randomBatch(data, batchSize, rng);
    batches.push(b);
    checkBatch(b, batchSize, data.itemShape, step + 1);
    // `record`: this is an optimizer step's loss, the one adaptive objectives learn from. The network is in
    // training mode (dropout draws from `rng`) while the objective computes it.
    const lossOptions = { record: true, step: step + 1, totalSteps: steps };
    return tf.tidy(() =>
      tf.variableGrads(
        () => inTrainingMode(network, rng, () => objective.loss(b, rng, lossOptions)),
        varList,
      ),
    );
  };

  const yieldToEvents = eventLoopYielder(); // lets a stop signal's handler run between steps
  while (step < steps) {
    await yieldToEvents();
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    const batches: DataBatch[] = [];
    let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
    try {
      result = microStep(batches);
      if (accumulate > 1) result = accumulateMicroBatches(result, accumulate, () => microStep(batches));
    } catch (error) {
      tf.dispose(batches.flatMap((b) => [b.x0, b.labels]));
      if (!isAllocationFailure(error) || error instanceof OutOfMemoryError) throw error;
      throw new OutOfMemoryError(
        `out of memory at training step ${step + 1} with a batch of ${batchSize} examples of shape ` +
          `[${data.itemShape.join(', ')}]: ${error instanceof Error ? error.message : String(error)}. ` +
          'Lower the batch size (train.batchSize) or use a smaller network' +
          (accumulate === 1 ? '' : ` (train.accumulate = ${accumulate} keeps the effective batch)`) +
          '.',
        undefined,
        undefined,
        { cause: error },
      );
    }
    const { value, grads } = result;
    // One asynchronous read per step for the loss and the gradient norm (no dataSync: see lossAndGlobalNorm).
    const { loss, norm } = await lossAndGlobalNorm(value, grads);
    value.dispose();
    let badData: Error | undefined;
    if (!(Number.isFinite(loss) && Number.isFinite(norm))) {
      // Blame the data first, if it is to blame.
      for (const b of batches) badData ??= await nonFiniteData(b.x0, data.itemShape, step + 1);
    }
    tf.dispose(batches.flatMap((b) => [b.x0, b.labels]));
    if (badData) {
      tf.dispose(grads);
      throw badData;
    }
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      const culprit = Number.isFinite(loss) ? await firstNonFiniteAsync(grads) : undefined;
      tf.dispose(grads);
      throw new DivergenceError(
        step + 1,
        !Number.isFinite(loss) ? 'loss' : culprit ? `gradient of ${culprit}` : 'the global gradient norm',
        Number.isFinite(loss) ? norm : loss,
      );
    }
    const applied = options.gradClipNorm ? clipByGlobalNorm(grads, norm, options.gradClipNorm) : grads;
    optimizer.applyGradients(applied);
    tf.dispose(applied);
    ema?.update(variables);
    step++;
    objective.afterStep?.(step);
    lastLoss = loss;
    lossSum += loss;
    lossSinceCheckpoint += loss;
    sinceCheckpoint++;
    const seconds = (performance.now() - began) / 1000;
    options.onStep?.({
      step,
      totalSteps: steps,
      loss,
      gradNorm: norm,
      stepsPerSecond: (step - start) / seconds,
    });
    if (options.checkpointEvery && step % options.checkpointEvery === 0) await save();
  }
  await save();
  const seconds = (performance.now() - began) / 1000;
  const done = step - start;
  return {
    step,
    lastLoss,
    meanLoss: done > 0 ? lossSum / done : NaN,
    stepsPerSecond: done > 0 ? done / seconds : 0,
    seconds,
    stopped,
  };
}

/** The denoising objective of `process` and `posterior`, when no objective is given. */
function defaultObjective(options: TrainOptions): TrainingObjective {
  const { process, posterior } = options;
  if (!process || !posterior)
    throw new RangeError(
      'objective: train() needs an `objective`, or a `process` and a `posterior` for denoising',
    );
  return denoisingObjective(process, posterior);
}
