import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUdm as udm } from '../test-support/run-udm.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = {
  seed: 5,
  data: { kind: 'two-moons', n: 400, heldOut: 100 },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [16], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: { steps: 2000, batchSize: 32, checkpointEvery: 1000 },
  sample: { step: { kind: 'ddim' }, grid: { kind: 'leading' }, steps: 10, count: 50 },
};

describe('--set key.path=value on train, sample, eval and distill', () => {
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify(tiny));
  let runDir = '';

  it('train: overrides reach the resolved config; a bad value is a path-named codec error', async () => {
    await expect(
      udm('--backend', 'cpu', '--quiet', 'train', '-c', file, '-o', dir, '--set', 'train.steps=-3'),
    ).rejects.toThrow(/train\.steps: expected a positive integer, got -3/);
    await expect(
      udm('--backend', 'cpu', '--quiet', 'train', '-c', file, '-o', dir, '--set', 'train.steps'),
    ).rejects.toThrow(/--set train\.steps: expected key\.path=value/);
    const { stdout } = await udm(
      '--backend',
      'cpu',
      '--quiet',
      'train',
      '-c',
      file,
      '-o',
      dir,
      '--set',
      'train.steps=4',
      '--set',
      'sample.grid.kind=trailing',
      '--set',
      'network.hidden=[8,8]',
    );
    runDir = stdout.trim();
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as typeof tiny;
    expect(config.train.steps).toBe(4);
    expect(config.sample.grid.kind).toBe('trailing');
    expect(config.network.hidden).toEqual([8, 8]);
  });

  it("sample and eval: overrides of the checkpoint's config are used and validated", async () => {
    const { stdout } = await udm(
      '--backend',
      'cpu',
      '--quiet',
      '--json',
      'sample',
      '-k',
      runDir,
      '--set',
      'sample.steps=3',
      '--set',
      'sample.count=7',
    );
    const result = JSON.parse(stdout) as { steps: number; shape: number[] };
    expect(result.steps).toBe(3);
    expect(result.shape).toEqual([7, 2]);
    await expect(
      udm('--backend', 'cpu', '--quiet', 'sample', '-k', runDir, '--set', 'sample.grid.kind=nope'),
    ).rejects.toThrow(/--set: .*sample\.grid.*nope/);
    await expect(
      udm('--backend', 'cpu', '--quiet', 'eval', '-k', runDir, '--set', 'sample.steps=0'),
    ).rejects.toThrow(/--set: .*sample\.steps: expected an integer in \[1, 1000000\], got 0/);
  });

  it('distill: overrides of the distillation config are validated by its codec', async () => {
    await expect(
      udm('--backend', 'cpu', '--quiet', 'distill', '-k', runDir, '--set', 'rounds=zero'),
    ).rejects.toThrow(/rounds/);
  });
});
