import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUdm as udm } from '../test-support/run-udm.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-eval-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('udm eval and udm list say what they did', () => {
  it('eval prints where eval.json went and the sampler and steps of its sample metrics, once', async () => {
    const config = join(dir, 'tiny.json');
    writeFileSync(
      config,
      JSON.stringify({
        seed: 3,
        data: { kind: 'two-moons', n: 200, heldOut: 60 },
        process: { kind: 'vp', T: 50 },
        network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
        posterior: { kind: 'epsilon' },
        train: { steps: 2, batchSize: 16 },
        sample: { step: { kind: 'ddim', eta: 0 }, grid: { kind: 'trailing' }, steps: 4, count: 20 },
      }),
    );
    const runDir = (await udm('--backend', 'cpu', '--quiet', 'train', '-c', config, '-o', dir)).stdout.trim();
    const { stdout, stderr } = await udm(
      '--backend',
      'cpu',
      'eval',
      runDir,
      '--only',
      'point-distance',
      '--steps',
      '3',
      '--count',
      '30',
    );
    expect(stdout).toMatch(/^point-distance\.slicedWasserstein\t/m);
    const file = join(runDir, 'eval.json');
    expect(stderr.split(`wrote ${file}`)).toHaveLength(2);
    expect(stderr.match(/sample-based metrics: /g)).toHaveLength(1);
    expect(stderr).toContain('sample-based metrics: ddim steps, 3 steps, trailing grid');
    const written = JSON.parse(readFileSync(file, 'utf8')) as { sampling: unknown };
    expect(written.sampling).toMatchObject({
      sampler: { kind: 'ancestral' },
      step: { kind: 'ddim', eta: 0 },
      grid: { kind: 'trailing' },
      steps: 3,
    });
  });

  it('list shows the evaluators of udm eval beside the extension points', async () => {
    const table = JSON.parse((await udm('--json', 'list')).stdout) as Array<{
      section: string;
      kinds: Array<{ kind: string }>;
    }>;
    const evaluators = table.find((s) => s.section.startsWith('eval'));
    expect(evaluators?.kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['point-distance', 'gaussian-nelbo']),
    );
    expect((await udm('list')).stdout).toMatch(/\neval \(udm eval --only\)\n {2}[a-z-]+ +/);
  });
});
