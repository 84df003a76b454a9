import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runUdm } from '../test-support/run-udm.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-eval-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  seed: 4,
  data: { kind: 'two-moons', n: 600, heldOut: 300 },
  process: { kind: 'vp', T: 50 },
  network: { kind: 'mlp', hidden: [16, 16], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps: 120, batchSize: 64, checkpointEvery: 60, ema: 0.9 },
  sample: { step: { kind: 'ddim' }, steps: 10, count: 200 },
};

describe('udm train → loss curve, udm plot, udm eval', () => {
  it('writes the loss curve at the end of training, redraws it with plot, and evaluates with --json', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    const runDir = (
      await runUdm('--backend', 'cpu', '--quiet', 'train', '--config', file, '--out', dir, '--name', 'ev')
    ).stdout.trim();
    for (const f of ['loss-curve.png', 'loss-curve.svg']) expect(existsSync(join(runDir, f)), f).toBe(true);
    const png = PNG.sync.read(readFileSync(join(runDir, 'loss-curve.png')));
    expect([png.width, png.height]).toEqual([640, 400]);

    const plot = JSON.parse((await runUdm('--json', 'plot', runDir, '--out', dir)).stdout) as {
      event: string;
      records: number;
      lastStep: number;
      files: { png: string; svg: string };
    };
    expect(plot).toMatchObject({ event: 'result', records: 4, lastStep: 120 }); // logged at 1, 50, 100, 120
    expect(plot.files.png).toBe(join(dir, 'loss-curve.png'));
    expect(readFileSync(plot.files.svg, 'utf8')).toContain('<path');
    await expect(runUdm('plot', join(dir, 'none'))).rejects.toThrow(/metrics: no such file/);

    const evaluated = await runUdm('--backend', 'cpu', '--json', 'eval', '-k', runDir, '--count', '300');
    const result = JSON.parse(evaluated.stdout.trim()) as {
      event: string;
      step: number;
      file: string;
      results: Array<{ evaluator: string; values: Record<string, number> }>;
      skipped: Array<{ evaluator: string; reason: string }>;
    };
    expect(result).toMatchObject({ event: 'result', step: 120, file: join(runDir, 'eval.json') });
    expect(result.results.map((r) => r.evaluator)).toEqual(['point-distance']);
    expect(result.results[0]!.values['samples']).toBe(300);
    // every other registered evaluator is skipped with its reason (a family package may add more)
    const skipped = result.skipped.map((s) => s.evaluator);
    expect(skipped).toEqual(expect.arrayContaining(['gaussian-nelbo', 'masked-nelbo', 'pf-ode-likelihood']));
    expect(skipped).not.toContain('point-distance');
    // progress and info went to stderr as JSON lines
    for (const line of evaluated.stderr.split('\n').filter(Boolean))
      expect(() => JSON.parse(line)).not.toThrow();

    const text = await runUdm('--backend', 'cpu', '--quiet', 'eval', '-k', runDir, '--count', '300');
    expect(text.stdout).toContain(
      `point-distance.slicedWasserstein\t${result.results[0]!.values['slicedWasserstein']}`,
    );
    expect(text.stderr).toBe('');
    await expect(
      runUdm('--backend', 'cpu', '--quiet', 'eval', '-k', runDir, '--only', 'nope'),
    ).rejects.toThrow(/unknown evaluator "nope"/);
  });
});
