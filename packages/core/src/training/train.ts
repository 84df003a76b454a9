import * as tf from '@tensorflow/tfjs';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import type { DataBatch, Dataset } from '../data/dataset.js';
import { randomBatch } from '../data/random-batches.js';
import type { Rng } from '../random/rng.js';
import { DivergenceError } from './divergence-error.js';
import { inTrainingMode } from './training-mode.js';
import type { Ema } from './ema.js';
import { clipByGlobalNorm, firstNonFiniteAsync, lossAndGlobalNorm } from './gradients.js';
import { checkBatch, checkTrainOptions, nonFiniteData, nonFiniteWeights } from './train-checks.js';
import { isAllocationFailure, OutOfMemoryError } from './out-of-memory-error.js';
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
  readonly process: ForwardProcess;
  readonly posterior: PosteriorModel;
  readonly data: Dataset;
  readonly optimizer: tf.Optimizer;
  readonly rng: Rng;
  readonly batchSize: number;
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
 * The generic UDM trainer: for each step draw x0 ~ data, t ~ p(t), ε ~ q(ε), form x_t = F_t(x0, ε), and take an
 * optimizer step on G_t's loss −log q(x0 | x_t). The options and the data set are checked before the first step
 * (DataError / RangeError). Non-finite losses or gradients stop training before the weights change
 * (DivergenceError; a non-finite loss caused by non-finite data is a DataError); the EMA is updated after each
 * step; the state goes to the checkpoint sink every `checkpointEvery` steps and at the end, unless the weights are
 * no longer finite (DivergenceError, nothing written). A failed allocation becomes an OutOfMemoryError naming the
 * step and the batch size.
 */
export async function train(options: TrainOptions): Promise<TrainSummary> {
  checkTrainOptions(options);
  const { process, posterior, data, optimizer, rng, batchSize, steps, ema, checkpoint } = options;
  const variables = posterior.network.variables;
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
    try {
      await checkpoint.save({
        step,
        params: variables,
        ...(ema ? { ema: ema.shadow, emaUpdates: ema.count } : {}),
        optimizer: optimizerWeights,
        rng: rng.getState(),
        loss: lossSinceCheckpoint / sinceCheckpoint,
      });
    } finally {
      for (const w of optimizerWeights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
    }
    lossSinceCheckpoint = 0;
    sinceCheckpoint = 0;
  };

  const yieldToEvents = eventLoopYielder(); // lets a stop signal's handler run between steps
  while (step < steps) {
    await yieldToEvents();
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    let batch: DataBatch | undefined;
    let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
    try {
      const b = randomBatch(data, batchSize, rng);
      batch = b;
      checkBatch(b, batchSize, data.itemShape, step + 1);
      const t = posterior.sampleTimes?.(batchSize, rng) ?? process.time.sample(batchSize, rng);
      result = tf.tidy(() => {
        const eps = process.sampleNoise(b.x0, rng);
        const xt = process.forward(b.x0, eps, t);
        const cond = b.labels ? { labels: b.labels } : undefined;
        // `record`: this is an optimizer step's loss, the one adaptive objectives learn from.
        return tf.variableGrads(
          () =>
            inTrainingMode(posterior.network, rng, () =>
              posterior.loss({ x0: b.x0, eps, xt, t }, cond, { record: true }),
            ),
          varList,
        );
      });
    } catch (error) {
      tf.dispose([batch?.x0, batch?.labels]);
      if (!isAllocationFailure(error) || error instanceof OutOfMemoryError) throw error;
      throw new OutOfMemoryError(
        `out of memory at training step ${step + 1} with a batch of ${batchSize} examples of shape ` +
          `[${data.itemShape.join(', ')}]: ${error instanceof Error ? error.message : String(error)}. ` +
          'Lower the batch size (train.batchSize) or use a smaller network.',
        undefined,
        undefined,
        { cause: error },
      );
    }
    const { value, grads } = result;
    // One asynchronous read per step for the loss and the gradient norm (no dataSync: see lossAndGlobalNorm).
    const { loss, norm } = await lossAndGlobalNorm(value, grads);
    value.dispose();
    const badData =
      Number.isFinite(loss) && Number.isFinite(norm) // else blame the data first, if it is to blame
        ? undefined
        : await nonFiniteData(batch.x0, data.itemShape, step + 1);
    batch.x0.dispose();
    batch.labels?.dispose();
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
