import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultConfig, runMnistDdim } from '../src/run-mnist-ddim.js';
import { modesOf, type SamplerSpec } from '../src/samplers.js';

/**
 * The example's pipeline end to end on wasm with a tiny class-conditional U-Net, a few training steps and short
 * samplers (the real run is by hand, see the README): training with label dropout, DDIM and DDPM draws without a
 * label, with a label and with classifier-free guidance, the classifier yardstick, the PNG grids and results.json.
 */
describe('mnist-ddim pipeline (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'udm-mnist-ddim-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains (within a time budget), samples with and without guidance, scores and writes its figures', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    const config = defaultConfig();
    const samplers: SamplerSpec[] = [
      { id: 'ddim-3', name: 'DDIM-3', step: { kind: 'ddim', eta: 0, clipSample: true }, steps: 3 },
      { id: 'ddpm-4', name: 'DDPM-4', step: { kind: 'ddpm', clipSample: true }, steps: 4 },
      {
        id: 'heun-3',
        name: 'Heun-3',
        sampler: { kind: 'heun' },
        grid: { kind: 'karras' },
        steps: 3,
        modes: ['unconditional', 'cfg-3'],
      },
    ];
    const before = tf.memory().numTensors;
    const r = await runMnistDdim({
      config: {
        ...config,
        data: { kind: 'mnist', train: 2000, heldOut: 200 },
        network: { kind: 'unet', channels: [8, 16], groups: 4, timeEmbedding: 8, classConditional: true },
      },
      trainSteps: 5,
      // a budget already spent when the first step ends: training stops there and the evaluation goes on
      trainMinutes: 1e-9,
      outDir: out,
      progress: 'quiet',
      count: 20,
      classifierSteps: 200,
      samplers,
      nelbo: { examples: 8, repeats: 2, timesteps: 2 },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.trainSteps).toBe(1);
    expect(existsSync(join(r.runDir, 'results.json'))).toBe(true);
    for (const s of samplers) {
      expect(Object.keys(r.samples[s.id]!)).toEqual(modesOf(s, 3).map((m) => m.id));
      for (const m of modesOf(s, 3)) {
        const score = r.samples[s.id]![m.id]!;
        expect(existsSync(score.figure), score.figure).toBe(true);
        expect(score.histogram.reduce((a, b) => a + b, 0)).toBe(20);
        expect(Number.isFinite(score.frechet)).toBe(true);
        // the label accuracy is reported exactly for the runs that asked for labels
        expect(score.labelAccuracy === undefined).toBe(!m.conditional);
      }
    }
    // one G_t call per DDIM move; Heun makes two per move but one into the origin and one per move whose σ/α
    // ratio exceeds 3 (HEUN_MAX_SIGMA_RATIO): on 3 Karras times (t = 991, 802) both moves do (25 and 491)
    expect(r.samples['ddim-3']!['cfg-3']!.evaluations).toBe(3);
    expect(r.samples['heun-3']!['unconditional']!.evaluations).toBe(3);
    // the held-out NELBO per reverse variance: positive bits/dim, the terms add up, a standard error from 2 repeats
    expect(r.nelbo.map((n) => n.variance)).toEqual(['fixed_small', 'fixed_large']);
    for (const n of r.nelbo) {
      expect(n.bitsPerDim).toBeGreaterThan(0);
      expect(n.prior + n.diffusion + n.decoder).toBeCloseTo(n.bitsPerDim, 6);
      expect(n.standardError).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(n.standardError)).toBe(true);
    }
    // the yardstick works on real digits and scores real digits far better than 3-step samples of an untrained net
    expect(r.classifierAccuracy).toBeGreaterThan(0.8);
    expect(r.reference.trainDigits.frechet).toBeLessThan(r.samples['ddim-3']!['unconditional']!.frechet);
  }, 300_000);
});
