import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * end where it started and the process RSS may not grow by more than RSS_BOUND_MB (V8 and tfjs keep some caches, so
 * the bound is generous compared with a real leak: 1 KB per step would already be 1 MB, one leaked [16, 2] tensor per
 * step 128 KB, and a leaked batch of activations per step tens of MB).
 */
const STEPS = 1000;
const RSS_BOUND_MB = 48;

const modules = defaultModules();
const registries = registriesOf(createContainer(modules));
const compose = composer(modules);
const dir = mkdtempSync(join(tmpdir(), 'udm-memory-'));
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const growth: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.info(`memory over ${STEPS} steps (tensors stable in every case):\n  ${growth.join('\n  ')}`);
});

/** Runs `chunk(n)` until `total` steps are done (chunks of at most `max`), sampling RSS after each chunk. */
async function measure(
  label: string,
  total: number,
  max: number,
  chunk: (n: number) => Promise<void> | void,
): Promise<void> {
  const tensors = tf.memory().numTensors;
  const start = rssMb();
  let peak = start;
  for (let done = 0; done < total; ) {
    const n = Math.min(max, total - done);
    await chunk(n);
    done += n;
    peak = Math.max(peak, rssMb());
  }
  growth.push(`${label}: RSS +${(peak - start).toFixed(1)} MB`);
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
        udm.sample({ steps: Math.min(max, 10), count: 4 }).x0.dispose(); // warm-up
        await measure(`sampler ${kind}`, STEPS, max, (n) => udm.sample({ steps: n, count: 4 }).x0.dispose());
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
        await udm.train({ steps: 1, checkpoint: sink }); // creates the optimizer's slots
        await measure(`train ${kind}`, STEPS, 100, async (n) => {
          await udm.train({ steps: udm.trainedSteps + n, checkpoint: sink });
        });
        expect(udm.trainedSteps).toBe(STEPS + 1);
      } finally {
        udm.dispose();
      }
    });
  }

  it('trainRun (checkpoints every 250 steps) and resumeRun leave no tensors behind', async () => {
    const config = tinyConfig({ train: { steps: STEPS, checkpointEvery: 250 } });
    // Warm-up run: tfjs registers kernels and V8 compiles on first use.
    (await trainRun({ config: tinyConfig({ train: { steps: 2 } }), outDir: dir, progress: 'quiet' })).udm.dispose();
    let runDir = '';
    await measure('trainRun', STEPS, STEPS, async () => {
      const controller = new AbortController();
      const r = await trainRun({
        config,
        outDir: dir,
        progress: 'quiet',
        signal: controller.signal,
        onStep: (p) => p.step === STEPS / 2 && controller.abort(),
      });
      runDir = r.runDir;
      r.udm.dispose();
      const resumed = await resumeRun({ runDir, progress: 'quiet' });
      expect(resumed.summary.step).toBe(STEPS);
      resumed.udm.dispose();
    });
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
      /^out of memory: train\.batchSize = 1000000000 needs about [\d.]+ [TP]B for one step \(≈ [\d.]+ k?B per example, measured on the cpu backend\), more than the [\d.]+ GB available; lower train\.batchSize/,
    );
    expect(e.neededBytes!).toBeGreaterThan(e.availableBytes!);
    expect(performance.now() - began).toBeLessThan(10_000); // refused up front, not after trying
  });

  it('sampleRun with a count of 10⁹', async () => {
    const r = await trainRun({ config: tinyConfig({ train: { steps: 2 } }), outDir: dir, progress: 'quiet' });
    r.udm.dispose();
    const error = await sampleRun({ checkpoint: r.runDir, count: 1e9, progress: 'quiet' }).catch((e: unknown) => e);
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
