import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultConfig, runMnistColdBlur, SAMPLERS } from '../src/run-mnist-cold-blur.js';

/**
 * The example's pipeline end to end on wasm with a tiny network and a few training steps (the real run is by hand,
 * see the README): training, deblurring with both samplers, generation from the fitted prior, the classifier
 * yardstick, the PNG grids and results.json.
 */
describe('mnist-cold-blur pipeline (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'udm-mnist-cold-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains, deblurs, generates and writes its figures', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    const config = defaultConfig();
    const r = await runMnistColdBlur({
      config: {
        ...config,
        data: { kind: 'mnist', train: 2000, heldOut: 200 },
        process: { ...(config['process'] as object), prior: { components: 2, fitSize: 256 } },
        network: { kind: 'unet', channels: [8, 16], groups: 4, timeEmbedding: 8 },
      },
      trainSteps: 3,
      outDir: out,
      progress: 'quiet',
      deblurCount: 16,
      generateCount: 20,
      classifierSteps: 200,
    });
    expect(r.trainSteps).toBe(3);
    expect(r.deblur.map((d) => d.level)).toEqual([19, 9]);
    for (const f of [r.figures.deblur, r.figures.generation, join(r.runDir, 'results.json')]) {
      expect(existsSync(f), f).toBe(true);
    }
    for (const s of SAMPLERS) {
      expect(r.deblur[0]!.samplers[s.name]!.mse).toBeGreaterThan(0);
      expect(r.generation.samplers[s.name]!.histogram.reduce((a, b) => a + b, 0)).toBe(20);
    }
    // the blurred input is far from the original; the yardstick classifier works on real digits
    expect(r.deblur[0]!.blurred.psnr).toBeLessThan(15);
    expect(r.generation.classifierAccuracy).toBeGreaterThan(0.8);
  }, 300_000);
});
