import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  ConfigError,
  contribution,
  createUdm,
  literal,
  positiveInt,
  required,
  SeededRng,
  struct,
  TOKENS,
  withDefault,
} from '@udm/core';
import { decodeSafetensors, encodeSafetensors } from '@udm/backend-tfjs';
import { decodeAutoencoderRunConfig } from '@udm/latent';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { autoencoderRun } from './autoencoder-run.js';
import { defaultModules } from './default-modules.js';
import { modelFromCheckpoint } from './model-from-checkpoint.js';
import { resumeRun } from './resume-run.js';
import { sampleRun } from './sample-run.js';
import { trainRun } from './train-run.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-latent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where a run keeps its copy of the autoencoder its config named. */
const RECORDED = 'inputs/data.autoencoder/autoencoder.safetensors';
/** The latent run the first tests train (the later ones craft checkpoints from it). */
let latentRun: { runDir: string; autoencoder: string; samples: Float32Array } | undefined;

/** 8×8 grey images in [−1, 1]: one Gaussian blob each, at a random place. */
const blobs = contribution({
  kind: 'blobs',
  description: 'test data: 8×8×1 blobs',
  codec: struct('blobs data', { kind: required(literal('blobs')), n: withDefault(positiveInt, 48) }),
  create: (c) => {
    const make = (n: number, seed: number) => {
      const rng = new SeededRng(seed);
      const x = new Float32Array(n * 64);
      for (let i = 0; i < n; i++) {
        const [cy, cx] = [1 + 6 * rng.uniform(), 1 + 6 * rng.uniform()];
        for (let y = 0; y < 8; y++)
          for (let xx = 0; xx < 8; xx++)
            x[i * 64 + y * 8 + xx] = 2 * Math.exp(-((y - cy) ** 2 + (xx - cx) ** 2) / 4) - 1;
      }
      return new ArrayDataset(x, [8, 8, 1]);
    };
    return { train: make(c.n, 1), heldOut: make(16, 2) };
  },
});

const modules = [
  ...defaultModules(),
  new ContainerModule(({ bind }) => {
    bind(TOKENS.Dataset).toConstantValue(blobs);
  }),
];

const aeConfig = {
  seed: 1,
  data: { kind: 'blobs' },
  autoencoder: { channels: [4, 4, 4], latent: 3, groups: 2 },
  train: { steps: 4, batchSize: 8, learningRate: 0.01, latentNoise: 0.1, latentPenalty: 0.01 },
};

const diffusion = {
  process: { kind: 'vp', T: 20 },
  network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps: 3, batchSize: 8, checkpointEvery: 3 },
  sample: { step: { kind: 'ddim', eta: 0, clipSample: false }, steps: 3, count: 6 },
};

function messages(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('udm autoencoder config', () => {
  it('names every bad field', () => {
    const bad = {
      seed: -1,
      data: { kind: 'nope' },
      autoencoder: { channels: [4, 4], latent: 0 },
      train: { learningRate: 0 },
    };
    const m = messages(() => decodeAutoencoderRunConfig(bad, modules));
    expect(m).toMatch(/seed/);
    expect(m).toMatch(/data\.kind/);
    expect(m).toMatch(/autoencoder\.channels/);
    expect(m).toMatch(/autoencoder\.latent/);
    expect(m).toMatch(/train\.steps: missing required field/);
    expect(m).toMatch(/train\.learningRate/);
    expect(
      messages(() =>
        decodeAutoencoderRunConfig(
          {
            ...aeConfig,
            autoencoder: { channels: [4, 4, 4, 4], latent: 2 },
            train: { steps: 1, klWeight: 0.1 },
          },
          modules,
        ),
      ),
    ).toMatch(
      /autoencoder\.channels: expected exactly three[\s\S]*train\.klWeight: a KL term needs a variational/,
    );
  });

  it('rejects data that are not images', async () => {
    await expect(
      autoencoderRun({
        config: { ...aeConfig, data: { kind: 'two-moons' } },
        outDir: dir,
        modules,
        progress: 'quiet',
      }),
    ).rejects.toThrow(/data: the autoencoder needs images/);
  });
});

describe('data kind latent', () => {
  it('names the bad fields of a latent data config', () => {
    const m = messages(() =>
      createUdm({ ...diffusion, data: { kind: 'latent', autoencoder: '', sha256: 'x' } }, modules),
    );
    expect(m).toMatch(/data\.autoencoder: expected a file path/);
    expect(m).toMatch(/data\.sha256: expected a SHA-256/);
    expect(m).toMatch(/data\.source: missing required field/);
    expect(
      messages(() =>
        createUdm(
          {
            ...diffusion,
            data: { kind: 'latent', autoencoder: join(dir, 'none'), source: { kind: 'blobs' } },
          },
          modules,
        ),
      ),
    ).toMatch(/data\.autoencoder: no such file .*none/);
  });

  it('trains an autoencoder, a latent model on it, and samples decoded images through the CLI API', async () => {
    const before = tf.memory().numTensors;
    const ae = await autoencoderRun({
      config: aeConfig,
      runDir: join(dir, 'ae'),
      modules,
      progress: 'quiet',
    });
    expect(ae.runDir).toBe(join(dir, 'ae'));
    await expect(
      autoencoderRun({ config: aeConfig, runDir: join(dir, 'ae'), modules, progress: 'quiet' }),
    ).rejects.toThrow(/runDir: .* exists and is not an empty directory/);
    expect(ae.heldOutMse).toBeGreaterThan(0);
    expect(Number.isFinite(ae.heldOutMse)).toBe(true);
    expect(existsSync(ae.checkpoint)).toBe(true);
    expect(JSON.parse(readFileSync(join(ae.runDir, 'results.json'), 'utf8')).heldOutMse).toBe(ae.heldOutMse);
    expect(PNG.sync.read(readFileSync(ae.reconstructions!)).width).toBeGreaterThan(0);

    const source = { kind: 'blobs' };
    // a bad source field, a wrong pin and a source of another shape are named
    expect(
      messages(() =>
        createUdm(
          { ...diffusion, data: { kind: 'latent', autoencoder: ae.runDir, source: { kind: 'blobs', n: 0 } } },
          modules,
        ),
      ),
    ).toMatch(/data\.source\.n: expected a positive integer/);
    expect(
      messages(() =>
        createUdm(
          { ...diffusion, data: { kind: 'latent', autoencoder: ae.runDir, sha256: '0'.repeat(64), source } },
          modules,
        ),
      ),
    ).toMatch(/data\.sha256: the autoencoder .* has SHA-256 [0-9a-f]{64}, expected 0{64}/);
    expect(
      messages(() =>
        createUdm(
          {
            ...diffusion,
            data: {
              kind: 'latent',
              autoencoder: ae.runDir,
              source: { kind: 'mnist', train: 10, heldOut: 5 },
            },
          },
          modules,
        ),
      ),
    ).toMatch(
      /data\.source: items of shape \[28, 28, 1\], but the autoencoder .* was trained on \[8, 8, 1\]/,
    );

    // a path relative to the working directory: the run records a copy of the file, named relative to the run
    const config = {
      ...diffusion,
      data: {
        kind: 'latent',
        autoencoder: relative(process.cwd(), ae.checkpoint),
        sha256: ae.sha256,
        source,
      },
    };
    const trained = await trainRun({ config, outDir: dir, modules, progress: 'quiet', checkMemory: false });
    trained.udm.dispose();
    const recorded = JSON.parse(readFileSync(join(trained.runDir, 'config.json'), 'utf8')) as {
      data: { autoencoder: string };
    };
    expect(recorded.data.autoencoder).toBe(RECORDED);
    expect(readFileSync(join(trained.runDir, RECORDED))).toEqual(readFileSync(ae.checkpoint));
    const checkpoint = await loadCheckpoint(trained.checkpoint);
    expect(checkpoint.config).toEqual(recorded);
    checkpoint.dispose();

    const sampled = await sampleRun({
      checkpoint: trained.runDir,
      modules,
      progress: 'quiet',
      checkMemory: false,
    });
    expect(sampled.shape).toEqual([6, 3]);
    expect(sampled.decoded!.shape).toEqual([6, 8, 8, 1]);
    expect(sampled.decoded!.samples.every(Number.isFinite)).toBe(true);
    expect(sampled.files.decoded).toBe(join(trained.runDir, 'samples-ddim-3-decoded.png'));
    const png = PNG.sync.read(readFileSync(sampled.files.decoded!));
    expect([png.width, png.height]).toEqual([2 + 3 * (16 + 2), 2 + 2 * (16 + 2)]);
    expect(tf.memory().numTensors).toBe(before);
    latentRun = { runDir: trained.runDir, autoencoder: ae.checkpoint, samples: sampled.samples };
  });
});

// Paths inside a checkpoint are untrusted and relative to the run (issue 20, item 4).
describe('the files a latent checkpoint names', () => {
  /** A copy of the trained run whose checkpoint's config names `autoencoder` (checksums recomputed, as an attacker would). */
  function craftedRun(name: string, autoencoder: string): string {
    const run = join(dir, name);
    cpSync(latentRun!.runDir, run, { recursive: true });
    const file = join(run, 'checkpoint.safetensors');
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(file)));
    const { ['udm.sha256']: _s, ['udm.sha256.header']: _h, ...meta } = metadata;
    const config = JSON.parse(meta['udm.config']!) as { data: Record<string, unknown> };
    config.data.autoencoder = autoencoder;
    writeFileSync(
      file,
      encodeSafetensors(tensors, { ...meta, 'udm.config': JSON.stringify(config) }, { checksum: true }),
    );
    return run;
  }

  async function refusal(run: string): Promise<string> {
    const e = await modelFromCheckpoint(run, { modules }).then(
      (m) => {
        m.udm.dispose();
        return undefined;
      },
      (err: unknown) => err as Error,
    );
    expect(e, 'expected the checkpoint to be refused').toBeInstanceOf(Error);
    return e!.message;
  }

  it('an absolute path is refused before the file is read, even a valid autoencoder', async () => {
    expect(latentRun).toBeDefined();
    // a valid autoencoder outside the run: loading it would succeed, so only the path rule can refuse it
    const outside = join(dir, 'elsewhere.safetensors');
    cpSync(latentRun!.autoencoder, outside);
    expect(await refusal(craftedRun('abs-valid', outside))).toMatch(
      /data\.autoencoder: ".*elsewhere\.safetensors" is an absolute path; a checkpoint's config may name only a file inside its run directory/,
    );
    for (const path of ['/etc/passwd', '/dev/zero', '/dev/stdin']) {
      const m = await refusal(craftedRun(`abs-${path.replaceAll('/', '-')}`, path));
      expect(m).toMatch(new RegExp(`data\\.autoencoder: "${path}" is an absolute path`));
      expect(m).not.toMatch(/regular file|not a safetensors|truncated|header/); // never opened
    }
  });

  it('a path out of the run directory (..) or through a symbolic link out of it is refused', async () => {
    const run = craftedRun('dotdot', '../elsewhere.safetensors');
    expect(await refusal(run)).toMatch(
      /data\.autoencoder: "\.\.\/elsewhere\.safetensors" leads out of the run directory/,
    );
    expect(await refusal(craftedRun('dotdot-inner', 'inputs/../../elsewhere.safetensors'))).toMatch(
      /leads out of the run directory/,
    );
    // the recorded copy replaced by a link to the (valid) file outside
    const linked = join(dir, 'linked');
    cpSync(latentRun!.runDir, linked, { recursive: true });
    rmSync(join(linked, RECORDED));
    symlinkSync(join(dir, 'elsewhere.safetensors'), join(linked, RECORDED));
    expect(await refusal(linked)).toMatch(
      /data\.autoencoder: "inputs\/data\.autoencoder\/autoencoder\.safetensors" is or passes through a symbolic link out of the run directory/,
    );
    // a directory of the path linked out
    const dirLinked = join(dir, 'dir-linked');
    cpSync(latentRun!.runDir, dirLinked, { recursive: true });
    const outsideInputs = join(dir, 'outside-inputs');
    cpSync(join(dirLinked, 'inputs'), outsideInputs, { recursive: true });
    rmSync(join(dirLinked, 'inputs'), { recursive: true });
    symlinkSync(outsideInputs, join(dirLinked, 'inputs'));
    expect(await refusal(dirLinked)).toMatch(/symbolic link out of the run directory/);
  });

  it('a device or pipe inside the run directory is refused without blocking', async () => {
    const run = craftedRun('fifo', 'inputs/fifo');
    if (spawnSync('mkfifo', [join(run, 'inputs', 'fifo')]).status !== 0) {
      console.info('mkfifo not available: the pipe case is skipped');
      return;
    }
    expect(await refusal(run)).toMatch(/data\.autoencoder: .*must be a regular file, this is a pipe/);
  });

  it('a run directory moved elsewhere samples and resumes from another working directory, its original inputs gone', async () => {
    const moved = join(dir, 'moved', 'run');
    mkdirSync(join(dir, 'moved'));
    renameSync(latentRun!.runDir, moved);
    renameSync(latentRun!.autoencoder, `${latentRun!.autoencoder}.gone`); // the file the user's config named
    const cwd = process.cwd();
    const other = mkdtempSync(join(tmpdir(), 'udm-latent-cwd-'));
    process.chdir(other);
    try {
      const sampled = await sampleRun({ checkpoint: moved, modules, progress: 'quiet', checkMemory: false });
      expect(sampled.samples).toEqual(latentRun!.samples); // the same model and seed
      const resumed = await resumeRun({
        runDir: moved,
        steps: 4,
        modules,
        progress: 'quiet',
        checkMemory: false,
      });
      resumed.udm.dispose();
      expect(resumed.summary.step).toBe(4);
    } finally {
      process.chdir(cwd);
      rmSync(other, { recursive: true, force: true });
    }
  });
});
