import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultConfig, runMnistDdim } from '../src/run-mnist-ddim.js';
import { conditioningModes, type SamplerSpec } from '../src/samplers.js';

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
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.trainSteps).toBe(1);
    expect(existsSync(join(r.runDir, 'results.json'))).toBe(true);
    const modes = conditioningModes(3);
    for (const s of samplers) {
      for (const m of modes) {
        const score = r.samples[s.id]![m.id]!;
        expect(existsSync(score.figure), score.figure).toBe(true);
        expect(score.histogram.reduce((a, b) => a + b, 0)).toBe(20);
        expect(Number.isFinite(score.frechet)).toBe(true);
        // the label accuracy is reported exactly for the runs that asked for labels
        expect(score.labelAccuracy === undefined).toBe(!m.conditional);
      }
    }
    // the yardstick works on real digits and scores real digits far better than 3-step samples of an untrained net
    expect(r.classifierAccuracy).toBeGreaterThan(0.8);
    expect(r.reference.trainDigits.frechet).toBeLessThan(r.samples['ddim-3']!['unconditional']!.frechet);
  }, 300_000);
});
