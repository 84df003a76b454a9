import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { sampleRun } from '../api/sample-run.js';
import { runUdm } from '../test-support/run-udm.js';
import type { MetricsRecord } from '../run/read-metrics.js';
import { lossCurvesSvg } from './loss-curve.js';
import { scatterSvg } from './scatter-svg.js';

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'udm-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('figures a researcher can read', () => {
  it('scatter panels: titled, ticks on both axes, axis labels, equal aspect, a caption', () => {
    const svg = scatterSvg(
      [
        { label: 'held-out data', points: [0, 0, 1, 2], color: [0, 0, 255] },
        { label: 'samples', points: [-1, 1, 0.5, 0.5], color: [255, 0, 0] },
      ],
      { size: 200, caption: 'sliced W1 0.1234' },
    );
    expect(svg).toContain('>held-out data</text>');
    expect(svg).toContain('>samples</text>');
    expect(svg.match(/text-anchor="end" fill="#444">/g)!.length).toBeGreaterThan(4); // y tick labels
    expect(svg).toContain('>x₁</text>');
    expect(svg).toContain('>x₂</text>');
    expect(svg).toContain('>sliced W1 0.1234</text>');
    expect(svg.match(/<rect width="200" height="200"/g)).toHaveLength(2); // square panels on one scale
  });

  it('udm sample on 2-D data: the PNG is the titled SVG with the metrics caption', async () => {
    const udm = createUdm(
      {
        seed: 1,
        data: { kind: 'two-moons', n: 200, heldOut: 100 },
        process: { kind: 'vp', T: 20 },
        network: { kind: 'mlp', hidden: [4], timeEmbedding: 4 },
        posterior: { kind: 'epsilon' },
        sample: { step: { kind: 'ddim' }, steps: 2, count: 50 },
      },
      defaultModules(),
    );
    try {
      const r = await sampleRun({ udm, outDir: dir, progress: 'quiet', checkMemory: false });
      const svg = readFileSync(r.files.plotSvg!, 'utf8');
      expect(svg).toContain('>held-out data</text>');
      expect(svg).toContain('samples (ddim η=0, 2 steps, linspace grid)');
      expect(svg).toMatch(/50 samples vs 100 held-out points: sliced W1 \d\.\d{4}, MMD² /);
      expect(readFileSync(r.files.plot!).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      udm.dispose();
    }
  });

  it('several runs on one chart, held-out losses dashed; udm plot takes several runs and a log/linear scale', async () => {
    const runs = ['run-a', 'run-b'].map((name, k) => {
      const d = join(dir, name);
      mkdirSync(d);
      const lines = Array.from({ length: 30 }, (_, i) => {
        const step = (i + 1) * 10;
        const rec: Record<string, number> = { step, loss: (k + 1) * 100 * Math.exp(-i / 5) };
        if (i % 10 === 9) rec['heldOutLoss'] = rec['loss']! * 1.1;
        return JSON.stringify(rec);
      });
      writeFileSync(join(d, 'metrics.jsonl'), `${lines.join('\n')}\n`);
      return d;
    });
    const svg = lossCurvesSvg(
      runs.map((_d, k) => ({
        label: `run ${k}`,
        records: [{ step: 1, loss: 1 } as MetricsRecord, { step: 2, loss: 0.5, heldOutLoss: 0.6 }],
      })),
    );
    expect(svg).toContain('>run 0</text>');
    expect(svg).toContain('>run 1 held-out</text>');
    expect(svg).toContain('stroke-dasharray="6 3"');
    const out = join(dir, 'figures');
    mkdirSync(out);
    const { stdout } = await runUdm('plot', ...runs, '--out', out, '--scale', 'linear');
    expect(stdout).toContain(join(out, 'loss-curves.png'));
    const linear = readFileSync(join(out, 'loss-curves.svg'), 'utf8');
    expect(linear).toContain('run-a (mean of 2)');
    expect(linear).toContain('run-b held-out');
    expect(linear).not.toContain('(log scale)');
    await runUdm('plot', ...runs, '--out', out, '--scale', 'log');
    expect(readFileSync(join(out, 'loss-curves.svg'), 'utf8')).toContain('(log scale)');
    await runUdm('plot', runs[0]!, '--scale', 'log');
    expect(readFileSync(join(runs[0]!, 'loss-curve.svg'), 'utf8')).toContain('(log scale)');
    expect(existsSync(join(runs[0]!, 'loss-curve.png'))).toBe(true);
    await expect(runUdm('plot', runs[0]!, '--scale', 'cubic')).rejects.toThrow(
      /--scale: expected log or linear/,
    );
  });
});
