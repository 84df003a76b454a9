import * as tf from '@tensorflow/tfjs';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Conditioning, PosteriorModel } from '../contracts/posterior-model.js';
import type { Network } from '../contracts/network.js';
import type { TrainingObjective } from '../contracts/training-objective.js';
import type { Dataset } from '../data/dataset.js';
import { randomBatch } from '../data/random-batches.js';
import { validateDataset } from '../data/validate-dataset.js';
import { SeededRng } from '../random/seeded-rng.js';
import type { Predictor } from '../sampling/predictor.js';
import type { StepPair } from '../time/time-grid.js';
import { formatBytes, OutOfMemoryError } from './out-of-memory-error.js';
import { checkBatch } from './train-checks.js';
import { denoisingObjective } from './denoising-objective.js';
import { inTrainingMode } from './training-mode.js';

/** Peak memory of one step as a function of the batch size n: `fixedBytes + n · bytesPerExample`. */
export interface MemoryEstimate {
  readonly fixedBytes: number;
  readonly bytesPerExample: number;
}

/** The estimate's bytes for a batch of `n`. */
export function bytesFor(estimate: MemoryEstimate, n: number): number {
  return estimate.fixedBytes + n * estimate.bytesPerExample;
}

/**
 * Extra peak tensor bytes while `run` executes (tf.profile's peak over the kernels it runs). An error in `run` is
 * rethrown after the profile ends: tfjs leaves profiling switched on when its query throws.
 */
async function peakBytes(run: () => void): Promise<number> {
  const start = tf.memory().numBytes;
  let failure: { error: unknown } | undefined;
  const info = await tf.profile(() => {
    try {
      run();
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
  return Number.isFinite(info.peakBytes) ? Math.max(0, info.peakBytes - start) : 0;
}

/** Fits `fixed + n · perExample` through measurements at n = 1 and n = 3; `floor` bounds the slope below. */
async function fit(measure: (n: number) => Promise<number>, floor: number): Promise<MemoryEstimate> {
  const one = await measure(1);
  const three = await measure(3);
  const bytesPerExample = Math.max((three - one) / 2, floor);
  return { fixedBytes: Math.max(0, one - bytesPerExample), bytesPerExample };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Measures the memory of one training step (batch, x_t, loss and gradients) for batches of 1 and 3 and extrapolates
 * linearly, so a batch too large for the machine can be refused before anything big is allocated. Checks the data
 * set first (DataError). Draws from a throwaway RNG and changes no weights. Host arrays (float64 noise draws,
 * gathered rows) are added to the tensors' bytes: on the cpu and wasm backends both live in the same memory.
 */
export async function estimateTrainStepMemory(options: {
  readonly process: ForwardProcess;
  readonly posterior: PosteriorModel;
  readonly data: Dataset;
  /** The objective `train()` runs (default: the denoising objective); its `loss` is what is measured. */
  readonly objective?: TrainingObjective;
  /** The trained network (default: the posterior's). */
  readonly network?: Pick<Network, 'variables' | 'setTraining'>;
}): Promise<MemoryEstimate> {
  const { process, posterior, data } = options;
  const objective = options.objective ?? denoisingObjective(process, posterior);
  const network = options.network ?? posterior.network;
  validateDataset(data);
  const varList = [...network.variables.values()];
  const item = size(data.itemShape);
  const measure = (n: number): Promise<number> =>
    peakBytes(() => {
      const rng = new SeededRng(0);
      const batch = randomBatch(data, n, rng);
      try {
        checkBatch(batch, n, data.itemShape);
        // The step train() takes (training mode included), without `record`: an adaptive objective's state stays.
        tf.tidy(() => {
          tf.variableGrads(() => inTrainingMode(network, rng, () => objective.loss(batch, rng)), varList);
        });
      } finally {
        batch.x0.dispose();
        batch.labels?.dispose();
      }
    });
  const est = await fit(measure, 3 * 4 * item);
  // Host side per example: indices and times (8 B each), float64 noise draws and the float32 rows they become.
  return { ...est, bytesPerExample: est.bytesPerExample + 16 + item * (8 + 4 + 4) };
}

/**
 * Measures the memory of one sampler step (x_T, x̂0 = G_t(x_t) and x_s) for 1 and 3 samples and extrapolates
 * linearly. Uses the first move of `pairs` and a throwaway RNG. The predictor is the one the sampler calls: with
 * guidance (e.g. classifier-free, which runs the network on the conditional and the unconditional batch at once)
 * its extra memory is measured with it; `label` gives every sample that class label y.
 */
export function estimateSampleStepMemory<P>(options: {
  readonly process: ForwardProcess;
  readonly predictor: Predictor<tf.Tensor, P>;
  readonly step: ConditionalStep<tf.Tensor, P>;
  readonly pair: StepPair;
  readonly itemShape: readonly number[];
  /** Conditioning passed as it is (its labels, if any, must suit batches of 1 and 3); see `label`. */
  readonly cond?: Conditioning;
  /** A class label y for every sample of each measured batch (a class-conditional or guided step). */
  readonly label?: number;
}): Promise<MemoryEstimate> {
  const { process, predictor, step, pair, itemShape, label } = options;
  const item = size(itemShape);
  const measure = (n: number): Promise<number> =>
    peakBytes(() => {
      const rng = new SeededRng(0);
      tf.tidy(() => {
        const cond =
          label === undefined
            ? options.cond
            : { ...options.cond, labels: tf.fill([n], label, 'int32') as tf.Tensor1D };
        const x = process.prior([n, ...itemShape], rng);
        step.step(x, predictor.predict(x, pair.t, cond), pair.t, pair.s, rng);
      });
    });
  return fit(measure, 2 * 4 * item).then((est) => ({
    ...est,
    bytesPerExample: est.bytesPerExample + item * (8 + 4),
  }));
}

/**
 * Throws an OutOfMemoryError before allocating when `n` examples need more than `availableBytes`. `what` names the
 * setting (e.g. `train.batchSize = 100000000`); `hint` says what to do.
 */
export function checkMemory(
  estimate: MemoryEstimate,
  n: number,
  availableBytes: number,
  what: string,
  hint: string,
): void {
  const needed = bytesFor(estimate, n);
  if (needed <= availableBytes) return;
  throw new OutOfMemoryError(
    `out of memory: ${what} needs about ${formatBytes(needed)} for one step ` +
      `(≈ ${formatBytes(estimate.bytesPerExample)} per example, measured on the ${tf.getBackend()} backend), ` +
      `more than the ${formatBytes(availableBytes)} available; ${hint}`,
    needed,
    availableBytes,
  );
}
