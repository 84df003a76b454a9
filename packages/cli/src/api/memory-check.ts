import { freemem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import {
  checkMemory,
  decodeOrThrow,
  estimateSampleStepMemory,
  estimateTrainStepMemory,
  type ClassLabels,
  type Guidance,
  type MemoryEstimate,
  type Udm,
} from '@udm/core';

/** A wasm32 heap cannot grow beyond 4 GiB, whatever the machine has. */
const WASM_HEAP_LIMIT = 4 * 2 ** 30;

/**
 * Bytes a run can still allocate: the memory available to this process (cgroup limits included) and, on the wasm
 * backend, what is left of the 4 GiB heap.
 */
export function availableMemoryBytes(): number {
  const system = typeof process.availableMemory === 'function' ? process.availableMemory() : freemem();
  if (tf.getBackend() !== 'wasm') return system;
  return Math.min(system, WASM_HEAP_LIMIT - tf.memory().numBytes);
}

/**
 * Refuses a batch that cannot fit before training allocates it: one step is measured at batch sizes 1 and 3 and
 * extrapolated to `train.batchSize` (OutOfMemoryError naming the setting otherwise).
 */
export async function checkTrainingMemory(udm: Udm, available = availableMemoryBytes()): Promise<void> {
  const estimate = await estimateTrainStepMemory({
    process: udm.process,
    posterior: udm.posterior,
    objective: udm.objective,
    data: udm.data.train,
  });
  checkMemory(
    estimate,
    udm.config.train.batchSize,
    available,
    `train.batchSize = ${udm.config.train.batchSize}`,
    'lower train.batchSize (or use a smaller network)',
  );
}

/** What a sampling memory check measures: the step, grid and guidance `udm.sample()` will be given. */
export interface SamplingMemoryOptions {
  readonly count: number;
  readonly steps: number;
  readonly step: unknown;
  readonly grid?: unknown;
  /** The guidance config (validated like `sample.guidance`); undefined: the config's; null: none. */
  readonly guidance?: unknown;
  /** Class labels y; undefined: the config's `sample.labels`; null: none. */
  readonly labels?: ClassLabels | null;
  /** The name of the labels in errors (default `sample.labels`, e.g. `labels (--label)`). */
  readonly labelsAt?: string;
}

/**
 * The memory of one sampling step as `udm.sample()` takes it: the same step, grid and predictor — with
 * classifier-free guidance the network runs on twice the batch, and the estimate measures that.
 */
export async function estimateSamplingMemory(
  udm: Udm,
  options: SamplingMemoryOptions,
): Promise<MemoryEstimate> {
  const r = udm.registries;
  const step = r.steps.create(decodeOrThrow(r.steps.codec(), options.step, 'sample.step'), {
    process: udm.process,
  });
  const pair = udm.pairs(options.steps, options.grid ?? udm.config.sample.grid)[0]!;
  const labels = options.labels === undefined ? udm.config.sample.labels : (options.labels ?? undefined);
  const label = labels === undefined ? undefined : typeof labels === 'number' ? labels : labels[0];
  const predictor = udm.samplingPredictor(options.guidance, labels ?? null, options.labelsAt);
  try {
    return await estimateSampleStepMemory({
      process: udm.process,
      predictor,
      step,
      pair,
      itemShape: udm.data.train.itemShape,
      ...(label !== undefined ? { label } : {}),
    });
  } finally {
    // a guidance built for the estimate (e.g. one that loaded a classifier) is freed; the configured one stays
    if (options.guidance !== undefined && options.guidance !== null) (predictor as Guidance).dispose?.();
  }
}

/** The same for sampling `count` examples with a step, grid and guidance config, before x_T is allocated. */
export async function checkSamplingMemory(
  udm: Udm,
  options: SamplingMemoryOptions,
  available = availableMemoryBytes(),
): Promise<void> {
  checkMemory(
    await estimateSamplingMemory(udm, options),
    options.count,
    available,
    `sample.count = ${options.count}`,
    'lower sample.count (or --count)',
  );
}
