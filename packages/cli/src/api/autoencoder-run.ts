import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import {
  ConfigError,
  createContainer,
  deriveSeed,
  registriesOf,
  SeededRng,
  valueRange,
  type Dataset,
} from '@udm/core';
import {
  AUTOENCODER_FILE,
  buildAutoencoder,
  decodeAutoencoderRunConfig,
  loadAutoencoder,
  reconstructionError,
  saveAutoencoder,
  trainAutoencoder,
  type Autoencoder,
  type AutoencoderTrainSummary,
} from '@udm/latent';
import { imageGridPng } from '../plot/image-grid-png.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import { RunDirectory } from '../run/run-directory.js';
import { defaultModules } from './default-modules.js';

export interface AutoencoderRunOptions {
  /** The raw `udm autoencoder` config (validated here). */
  readonly config: unknown;
  /** Directory under which the run directory is created (default `runs`). */
  readonly outDir?: string;
  /** Run name prefix (default `autoencoder`). */
  readonly name?: string;
  /**
   * Write the run into exactly this directory instead of a new stamped one under `outDir` (created; refused when
   * it exists and is not empty), so that a `latent` data config can name it.
   */
  readonly runDir?: string;
  /** Plugin modules for the data kinds (default: the bundled ones). */
  readonly modules?: readonly ContainerModule[];
  readonly progress?: ProgressMode;
  /** Log every n steps to metrics.jsonl (default 50; the first and the last step are always logged). */
  readonly logEvery?: number;
}

export interface AutoencoderRunResult {
  readonly runDir: string;
  /** The checkpoint, `autoencoder.safetensors` in the run directory: name it in a `latent` data config. */
  readonly checkpoint: string;
  /** SHA-256 of the checkpoint's data section (a `latent` data config's optional `sha256` pins it). */
  readonly sha256: string;
  readonly summary: AutoencoderTrainSummary;
  /** Reconstruction MSE per value of D(E(x)) against x on the held-out and on the training data. */
  readonly heldOutMse: number;
  readonly trainMse: number;
  /** PNG grid of D(E(x)) for the first held-out items, for image data. */
  readonly reconstructions?: string;
}

/** Images drawn in the reconstruction grid. */
const GRID_IMAGES = 64;

async function writeReconstructions(
  run: RunDirectory,
  ae: Autoencoder,
  heldOut: Dataset,
): Promise<string | undefined> {
  const item = heldOut.itemShape;
  if (item[2] !== 1 && item[2] !== 3) return undefined;
  const n = Math.min(GRID_IMAGES, heldOut.size);
  const batch = heldOut.gather(Int32Array.from({ length: n }, (_, i) => i));
  try {
    const x = tf.tidy(() => tf.concat([batch.x0, ae.reconstruct(batch.x0)], 2));
    const values = x.dataSync();
    x.dispose();
    const grid = imageGridPng(values, [n, item[0]!, 2 * item[1]!, item[2]], {
      columns: 8,
      range: valueRange(heldOut.toArray()),
    });
    return await run.writeBytes('reconstructions.png', grid);
  } finally {
    tf.dispose([batch.x0, ...(batch.labels ? [batch.labels] : [])]);
  }
}

function exactRunDirectory(path: string): RunDirectory {
  if (existsSync(path) && (!statSync(path).isDirectory() || readdirSync(path).length > 0))
    throw new Error(`runDir: ${path} exists and is not an empty directory (choose another, or remove it)`);
  mkdirSync(path, { recursive: true });
  return RunDirectory.open(path);
}

/**
 * Trains an autoencoder from a `udm autoencoder` config: creates a run directory, writes the resolved config, logs
 * the batch loss to metrics.jsonl, reports the reconstruction MSE on the held-out data, writes the checkpoint
 * atomically (`autoencoder.safetensors`, read back and verified before returning), `results.json` and, for images,
 * `reconstructions.png` (each held-out image beside its reconstruction).
 */
export async function autoencoderRun(options: AutoencoderRunOptions): Promise<AutoencoderRunResult> {
  const modules = options.modules ?? defaultModules();
  const config = decodeAutoencoderRunConfig(options.config, modules);
  let data;
  try {
    data = registriesOf(createContainer(modules)).datasets.create(config.data, { seed: config.seed });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([`data: ${(e as Error).message}`]);
  }
  const itemShape = data.train.itemShape;
  if (itemShape.length !== 3)
    throw new ConfigError([
      `data: the autoencoder needs images [height, width, channels], got items of shape [${itemShape.join(', ')}]`,
    ]);
  const ae = buildAutoencoder(itemShape, config.autoencoder, config.seed);
  try {
    const run = options.runDir
      ? exactRunDirectory(options.runDir)
      : new RunDirectory(options.outDir ?? 'runs', options.name ?? 'autoencoder');
    await run.writeJson('config.json', config);
    const reporter = createReporter(options.progress ?? 'bar');
    reporter.info(`run directory: ${run.path}`, { runDir: run.path });
    const logEvery = options.logEvery ?? 50;
    const tr = config.train;
    reporter.start(tr.steps, 'autoencoder');
    let summary: AutoencoderTrainSummary;
    try {
      summary = await trainAutoencoder(ae, data.train, {
        ...tr,
        rng: new SeededRng(deriveSeed(config.seed, 'autoencoder-train')),
        onStep: (step, loss) => {
          reporter.update(step, { loss });
          if (step % logEvery === 0 || step === 1 || step === tr.steps) run.appendMetrics({ step, loss });
        },
      });
    } finally {
      reporter.stop();
    }
    const heldOutMse = reconstructionError(ae, data.heldOut);
    const trainMse = reconstructionError(ae, data.train);
    const checkpoint = run.file(AUTOENCODER_FILE);
    await saveAutoencoder(checkpoint, ae, { config, heldOutMse });
    const check = loadAutoencoder(checkpoint);
    check.autoencoder.dispose();
    const reconstructions = await writeReconstructions(run, ae, data.heldOut);
    const result: AutoencoderRunResult = {
      runDir: run.path,
      checkpoint,
      sha256: check.sha256,
      summary,
      heldOutMse,
      trainMse,
      ...(reconstructions ? { reconstructions } : {}),
    };
    await run.writeJson('results.json', result);
    reporter.info(
      `trained ${summary.steps} steps in ${summary.seconds.toFixed(1)} s; reconstruction MSE held-out ` +
        `${heldOutMse.toFixed(4)} (train ${trainMse.toFixed(4)}); checkpoint ${checkpoint} (sha256 ${check.sha256})`,
      { ...result },
    );
    return result;
  } finally {
    ae.dispose();
  }
}
