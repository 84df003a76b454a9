import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createContainer, OutOfMemoryError, registriesOf, type Udm } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { checkTrainingMemory } from '../api/memory-check.js';
import { resumeRun } from '../api/resume-run.js';
import { sampleRun } from '../api/sample-run.js';
import { trainRun } from '../api/train-run.js';
import { composer, findBuildable, setPath } from './buildable.js';
import { tinyConfig } from './support.js';

/**
 * Every public sampler (each registered conditional step, on a process it fits) and trainer loop (core `train` via
 * `Udm.train` for each registered process, `trainRun`, `resumeRun`) runs 1,000 steps: `tf.memory().numTensors` must
 * end where it started and the process RSS may not grow by more than RSS_BOUND_MB over the run, measured after a
 * warm-up (V8 and tfjs keep caches and the heap grows before it is collected, so the bound is generous; a leaked
 * batch of activations per step would exceed it many times over). Kinds slower than SLOW_MS per step (after the
 * warm-up) run SLOW_STEPS instead, to keep the suite fast; the log says how many steps each ran.
 */
const STEPS = 1000;
const SLOW_MS = 10;
const SLOW_STEPS = 100;
const WARMUP = 10;
const RSS_BOUND_MB = 64;

const modules = defaultModules();
const registries = registriesOf(createContainer(modules));
const compose = composer(modules);
const dir = mkdtempSync(join(tmpdir(), 'udm-memory-'));
// A full garbage collection before every RSS reading: what is measured is memory still held, not garbage V8 has not
// collected yet (unforced, the RSS of the cold trainer's 100 steps varied 14–50 MB between runs of the same commit).
// RSS also holds allocator arenas a collection does not return (masked trainer: 1.6–40.5 MB over 100 steps with it),
// hence the bound of 64 MB; leaked tensors are caught exactly by the tensor count.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const rssMb = (): number => {
  collectGarbage();
  return process.memoryUsage().rss / 2 ** 20;
};
const growth: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.info(`memory over ${STEPS} steps (tensors stable in every case):\n  ${growth.join('\n  ')}`);
});

/**
 * Runs `chunk(n)` for a warm-up of WARMUP steps, then (from a baseline of tensors and RSS) until `total` steps are
 * done in chunks of at most `max`, sampling RSS after each chunk. With `adaptive`, a kind whose warm-up ran slower
 * than SLOW_MS per step runs SLOW_STEPS.
 */
async function measure(
  label: string,
  total: number,
  max: number,
  chunk: (n: number) => Promise<void> | void,
  adaptive = false,
): Promise<void> {
  // Warm-up (kernels registered, code compiled, optimizer slots created), then time WARMUP more steps.
  await chunk(Math.min(max, WARMUP));
  const warm = performance.now();
  await chunk(Math.min(max, WARMUP));
  const perStep = (performance.now() - warm) / Math.min(max, WARMUP);
  if (adaptive && perStep > SLOW_MS) total = SLOW_STEPS;
  const tensors = tf.memory().numTensors;
  const start = rssMb();
  let peak = start;
  let done = 0;
  while (done < total) {
    const n = Math.min(max, total - done);
    await chunk(n);
    done += n;
    peak = Math.max(peak, rssMb());
    await new Promise((resolve) => setImmediate(resolve)); // let vitest's worker talk to the runner
  }
  growth.push(
    `${label}: ${done} steps (${perStep.toFixed(1)} ms/step), RSS +${(peak - start).toFixed(1)} MB`,
  );
  expect(tf.memory().numTensors, `${label}: tensors`).toBe(tensors);
  expect(peak - start, `${label}: RSS growth in MB`).toBeLessThan(RSS_BOUND_MB);
}

/** The longest sampler run the model's grid allows, up to `STEPS` (discrete processes allow at most T steps). */
function maxSteps(udm: Udm): number {
  for (const n of [STEPS, 500, 200, 100, 50, 20, 10, 5, 2, 1]) {
    try {
      udm.pairs(n);
      return n;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
    }
  }
  throw new Error('no step count works');
}

describe(`every sampler runs ${STEPS} steps without leaking`, () => {
  for (const { kind } of registries.steps.entries) {
    it(`sample.step "${kind}"`, async () => {
      const found = await findBuildable(
        modules,
        { section: 'sample.step', kind },
        (udm) => udm.sample({ steps: 2, count: 2 }).x0.dispose(),
        compose,
      );
      expect(found, `no process fits step "${kind}"`).toBeDefined();
      const udm = compose(found!.config);
      try {
        const max = maxSteps(udm);
        await measure(
          `sampler ${kind}`,
          STEPS,
          Math.min(max, 50),
          (n) => udm.sample({ steps: n, count: 4 }).x0.dispose(),
          true,
        );
      } finally {
        udm.dispose();
      }
    });
  }
});

describe(`every trainer loop runs ${STEPS} steps without leaking`, () => {
  for (const { kind } of registries.processes.entries) {
    it(`Udm.train (core train) with process "${kind}"`, async () => {
      const found = await findBuildable(
        modules,
        { section: 'process', kind },
        async (udm) => void (await udm.train({ steps: 1 })),
        compose,
      );
      expect(found, `no trainable combination for process "${kind}"`).toBeDefined();
      const config = found!.config;
      setPath(config, 'train.checkpointEvery', 100);
      const udm = compose(config);
      try {
        const sink = { save: async () => undefined };
        await measure(
          `train ${kind}`,
          STEPS,
          50,
          async (n) => void (await udm.train({ steps: udm.trainedSteps + n, checkpoint: sink })),
          true,
        );
      } finally {
        udm.dispose();
      }
    });
  }

  it('trainRun (checkpoints every 250 steps) and resumeRun leave no tensors behind', async () => {
    const config = tinyConfig({ train: { steps: STEPS, checkpointEvery: 250 } });
    // Warm-up run: tfjs registers kernels and V8 compiles on first use.
    (
      await trainRun({ config: tinyConfig({ train: { steps: 2 } }), outDir: dir, progress: 'quiet' })
    ).udm.dispose();
    const tensors = tf.memory().numTensors;
    const start = rssMb();
    let peak = start;
    const controller = new AbortController();
    const r = await trainRun({
      config,
      outDir: dir,
      progress: 'quiet',
      signal: controller.signal,
      onStep: (p) => {
        if (p.step % 100 === 0) peak = Math.max(peak, rssMb());
        if (p.step === STEPS / 2) controller.abort();
      },
    });
    r.udm.dispose();
    const resumed = await resumeRun({
      runDir: r.runDir,
      progress: 'quiet',
      onStep: (p) => p.step % 100 === 0 && (peak = Math.max(peak, rssMb())),
    });
    expect(resumed.summary.step).toBe(STEPS);
    resumed.udm.dispose();
    growth.push(`trainRun + resumeRun: ${STEPS} steps, RSS +${(peak - start).toFixed(1)} MB`);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(peak - start).toBeLessThan(RSS_BOUND_MB);
  });
});

describe('too large for memory: a clear error before anything big is allocated', () => {
  it('trainRun with train.batchSize = 10⁹', async () => {
    const began = performance.now();
    const error = await trainRun({
      config: tinyConfig({ train: { batchSize: 1e9 } }),
      outDir: dir,
      progress: 'quiet',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutOfMemoryError);
    const e = error as OutOfMemoryError;
    expect(e.message).toMatch(
      /^out of memory: train\.batchSize = 1000000000 needs about [\d.]+ [GTP]B for one step \(≈ [\d.]+ k?B per example, measured on the cpu backend\), more than the [\d.]+ GB available; lower train\.batchSize/,
    );
    expect(e.neededBytes!).toBeGreaterThan(e.availableBytes!);
    expect(performance.now() - began).toBeLessThan(10_000); // refused up front, not after trying
  });

  it('sampleRun with a count of 10⁹', async () => {
    const r = await trainRun({ config: tinyConfig({ train: { steps: 2 } }), outDir: dir, progress: 'quiet' });
    r.udm.dispose();
    const error = await sampleRun({ checkpoint: r.runDir, count: 1e9, progress: 'quiet' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect((error as Error).message).toMatch(/^out of memory: sample\.count = 1000000000 needs about/);
  });

  it('the check uses the memory it is given: a batch of 4096 fits in 1 GB, not in 1 MB', async () => {
    const udm = compose(tinyConfig({ train: { batchSize: 4096 } }));
    try {
      await expect(checkTrainingMemory(udm, 1e9)).resolves.toBeUndefined();
      await expect(checkTrainingMemory(udm, 1e6)).rejects.toBeInstanceOf(OutOfMemoryError);
    } finally {
      udm.dispose();
    }
  });
});
