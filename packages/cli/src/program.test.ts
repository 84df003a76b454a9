import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@udm/core';
import { runUdm } from './test-support/run-udm.js';
import { loadCheckpoint } from './checkpoint/checkpoint-file.js';
import { sampleRun } from './api/sample-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const udm = runUdm;

const tiny = {
  seed: 5,
  data: { kind: 'two-moons', n: 1000, heldOut: 300 },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [32, 32], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps: 60, batchSize: 64, checkpointEvery: 25, ema: 0.9 },
  sample: { step: { kind: 'ddim' }, grid: { kind: 'leading' }, steps: 10, count: 200 },
};

function writeConfig(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('udm list', () => {
  it('lists the registered kinds of every extension point from the DI registries', async () => {
    const { stdout } = await udm('list');
    for (const k of [
      'process',
      'vp',
      'sample.step',
      'ddpm',
      'ddim',
      'fresh-noise',
      'recovered-noise',
      'network',
      'mlp',
      'two-moons',
      'adam',
    ]) {
      expect(stdout).toContain(k);
    }
    const json = JSON.parse((await udm('--json', 'list')).stdout) as Array<{
      section: string;
      kinds: Array<{ kind: string }>;
    }>;
    expect(json.find((s) => s.section === 'process')!.kinds.map((k) => k.kind)).toContain('vp');
  });
});

describe('udm train / inspect / sample', () => {
  it('rejects a bad config with a path-named error before training', async () => {
    const file = writeConfig('bad.json', { ...tiny, train: { ...tiny.train, batchSize: '64' } });
    await expect(udm('--backend', 'cpu', '--quiet', 'train', '--config', file, '--out', dir)).rejects.toThrow(
      /train\.batchSize: expected a positive integer, got "64"/,
    );
    await expect(udm('--backend', 'cpu', 'train', '--config', join(dir, 'missing.json'))).rejects.toThrow(
      /--config: cannot read/,
    );
    writeFileSync(join(dir, 'broken.json'), '{ "seed": ');
    await expect(udm('--backend', 'cpu', 'train', '--config', join(dir, 'broken.json'))).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(udm('--backend', 'nope', 'list')).resolves.toBeDefined(); // list needs no backend
    await expect(udm('--backend', 'nope', 'train', '--config', file)).rejects.toThrow(/nope/);
  });

  it('trains, checkpoints, inspects and samples a run end to end', async () => {
    const file = writeConfig('tiny.json', tiny);
    const train = await udm(
      '--backend',
      'cpu',
      '--quiet',
      'train',
      '--config',
      file,
      '--out',
      dir,
      '--name',
      'tiny',
    );
    const runDir = train.stdout.trim();
    expect(runDir.startsWith(join(dir, 'tiny-'))).toBe(true);
    const resolved = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as typeof tiny & {
      train: { optimizer: unknown };
    };
    expect(resolved.train.optimizer).toEqual({
      kind: 'adam',
      learningRate: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    const metrics = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; loss: number });
    expect(metrics.at(-1)!.step).toBe(60);
    expect(metrics.every((m) => Number.isFinite(m.loss))).toBe(true);

    const ckpt = await loadCheckpoint(join(runDir, 'checkpoint.safetensors'));
    expect(ckpt.meta.step).toBe(60);
    expect(ckpt.config).toEqual(resolved);
    expect([...ckpt.snapshot.params.keys()].sort()).toEqual([
      'layers.0.bias',
      'layers.0.weight',
      'layers.1.bias',
      'layers.1.weight',
      'layers.2.bias',
      'layers.2.weight',
    ]);
    expect(ckpt.snapshot.ema!.size).toBe(6);
    expect(ckpt.snapshot.optimizer!.length).toBeGreaterThan(12);
    ckpt.dispose();

    const inspect = await udm('inspect', join(runDir, 'checkpoint.safetensors'));
    expect(inspect.stdout).toContain('params.layers.0.weight');
    expect(inspect.stdout).toContain('[10, 32]');
    expect(inspect.stdout).toContain('step 60');

    const sample = await udm(
      '--backend',
      'cpu',
      '--json',
      'sample',
      '--checkpoint',
      runDir,
      '--step',
      'ddpm',
      '--steps',
      '100',
      '--count',
      '300',
    );
    const result = JSON.parse(sample.stdout.trim()) as {
      event: string;
      files: { samples: string; plot: string; plotSvg: string; metrics: string };
      metrics: { slicedWasserstein: number };
    };
    expect(result.event).toBe('result');
    for (const f of Object.values(result.files)) expect(existsSync(f), f).toBe(true);
    expect(Object.keys(result.files).sort()).toEqual(['metrics', 'plot', 'plotSvg', 'samples']);
    expect(Number.isFinite(result.metrics.slicedWasserstein)).toBe(true);
    // progress went to stderr as JSON lines
    expect(
      sample.stderr
        .split('\n')
        .filter(Boolean)
        .every((l) => JSON.parse(l) !== undefined),
    ).toBe(true);
  });

  it('bad overrides on the command line get path-named errors', async () => {
    const file = writeConfig('tiny2.json', { ...tiny, train: { ...tiny.train, steps: 2 } });
    const runDir = (
      await udm('--backend', 'cpu', '--quiet', 'train', '--config', file, '--out', dir)
    ).stdout.trim();
    await expect(
      udm(
        '--backend',
        'cpu',
        '--quiet',
        'sample',
        '--checkpoint',
        runDir,
        '--step',
        '{"kind":"ddim","eta":2}',
      ),
    ).rejects.toThrow(/sample\.step\.eta: expected a number in \[0, 1\], got 2/);
    await expect(
      udm('--backend', 'cpu', '--quiet', 'sample', '--checkpoint', runDir, '--steps', '101'),
    ).rejects.toThrow(ConfigError);
    await expect(
      udm('--backend', 'cpu', '--quiet', 'sample', '--checkpoint', join(dir, 'nothing')),
    ).rejects.toThrow(/no such file/);
  });

  it('a checkpoint reproduces the in-memory model’s samples bit for bit (same seed, same backend)', async () => {
    const file = writeConfig('tiny3.json', { ...tiny, train: { ...tiny.train, steps: 30 } });
    const runDir = (
      await udm('--backend', 'cpu', '--quiet', 'train', '--config', file, '--out', dir)
    ).stdout.trim();
    const a = await sampleRun({ checkpoint: runDir, outDir: join(dir), seed: 9, progress: 'quiet' });
    const b = await sampleRun({
      checkpoint: join(runDir, 'checkpoint.safetensors'),
      outDir: join(dir),
      seed: 9,
      progress: 'quiet',
    });
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    const c = await sampleRun({ checkpoint: runDir, outDir: join(dir), seed: 10, progress: 'quiet' });
    expect(Array.from(a.samples)).not.toEqual(Array.from(c.samples));
  });
});
