import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUdm as udm } from '../test-support/run-udm.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-run-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = {
  seed: 2,
  data: { kind: 'two-moons', n: 300, heldOut: 100 },
  process: { kind: 'vp', T: 50 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: { steps: 4, batchSize: 16, checkpointEvery: 2 },
  sample: { step: { kind: 'ddim' }, grid: { kind: 'leading' }, steps: 3, count: 20 },
};

describe('one way to name a run: [run] (directory or checkpoint file), -k and -r as aliases', () => {
  const config = join(dir, 'tiny.json');
  writeFileSync(config, JSON.stringify(tiny));
  let runDir = '';
  const cpu = ['--backend', 'cpu', '--quiet'];

  it('inspect, sample, eval, plot and resume take the run directory as a positional', async () => {
    runDir = (await udm(...cpu, 'train', '-c', config, '-o', dir)).stdout.trim();
    const inspected = JSON.parse((await udm('--json', 'inspect', runDir)).stdout) as {
      state: { step: number };
    };
    expect(inspected.state.step).toBe(4);
    const sampled = JSON.parse((await udm(...cpu, '--json', 'sample', runDir)).stdout) as { steps: number };
    expect(sampled.steps).toBe(3);
    const evaluated = JSON.parse(
      (await udm(...cpu, '--json', 'eval', runDir, '--only', 'point-distance', '--count', '20')).stdout,
    ) as { step: number };
    expect(evaluated.step).toBe(4);
    expect((await udm(...cpu, 'plot', runDir)).stdout).toContain('loss-curve.png');
    const resumed = JSON.parse((await udm(...cpu, '--json', 'resume', runDir, '--steps', '6')).stdout) as {
      resumedFrom: number;
      step: number;
    };
    expect(resumed).toMatchObject({ resumedFrom: 4, step: 6 });
  });

  it('a checkpoint file works wherever a directory does, and the old -k / -r spellings still work', async () => {
    const file = join(runDir, 'checkpoint.safetensors');
    expect(JSON.parse((await udm('--json', 'inspect', '-k', file)).stdout)).toHaveProperty('state.step', 6);
    expect((await udm(...cpu, 'plot', file)).stdout).toContain(join(runDir, 'loss-curve.png'));
    const resumed = JSON.parse(
      (await udm(...cpu, '--json', 'resume', '-r', file, '--steps', '8')).stdout,
    ) as {
      step: number;
    };
    expect(resumed.step).toBe(8);
    const sampled = JSON.parse(
      (await udm(...cpu, '--json', 'sample', '-k', file, '--steps', '2')).stdout,
    ) as {
      steps: number;
    };
    expect(sampled.steps).toBe(2);
  });

  it('no run, or two different ones, is an error that says what to give', async () => {
    await expect(udm(...cpu, 'sample')).rejects.toThrow(
      /sample: expected a run directory or checkpoint file/,
    );
    await expect(udm('inspect')).rejects.toThrow(/inspect: expected a run directory or checkpoint file/);
    await expect(udm(...cpu, 'eval', runDir, '-k', join(dir, 'other'))).rejects.toThrow(
      /the run is given twice/,
    );
  });
});
