import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { consistencyTable, runConsistency } from '../src/consistency.js';

/** The experiment's plumbing, tiny (20 steps of a small MLP): every run evaluated, the table, the JSON and a PNG written. */
describe('consistency experiment (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'udm-consistency-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains each parameterization under both weightings and writes table, JSON and PNG', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    const r = await runConsistency({
      outDir: out,
      trainSteps: 20,
      evalEvery: 10,
      count: 100,
      parameterizations: ['epsilon', 'sample'],
      progress: 'quiet',
      configOverrides: {
        data: { kind: 'two-moons', n: 512, heldOut: 256 },
        network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
      },
    });
    expect(r.runs.map((x) => `${x.condition} ${x.parameterization}`)).toEqual([
      'matched epsilon',
      'matched sample',
      'unmatched epsilon',
      'unmatched sample',
    ]);
    for (const run of r.runs) {
      expect(run.curve.map((c) => c.step)).toEqual([10, 20]);
      for (const c of run.curve)
        expect(Number.isFinite(c.slicedWasserstein) && Number.isFinite(c.mmd2)).toBe(true);
    }
    // x0-prediction trained with ω = SNR on its own output (matched) is a different run from its plain MSE.
    expect(r.runs[1]!.curve[1]!.slicedWasserstein).not.toBe(r.runs[3]!.curve[1]!.slicedWasserstein);
    expect(JSON.parse(readFileSync(r.json, 'utf8')).runs).toHaveLength(4);
    expect(readFileSync(r.png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(consistencyTable(r.runs)).toContain('| sample | 1 on ε (matched) |');
  });
});
