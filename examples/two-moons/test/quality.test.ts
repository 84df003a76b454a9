import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { SeededRng, slicedWasserstein } from '@udm/core';
import { runTwoMoons, type TwoMoonsResult } from '../src/run-two-moons.js';

/**
 * The README's main job, shortened (2,000 instead of 3,000 training steps), on the embedded default backend:
 * the sample-quality number must beat fixed thresholds for both samplers.
 */
describe('two-moons end to end on wasm', () => {
  const out = mkdtempSync(join(tmpdir(), 'udm-two-moons-'));
  let result: TwoMoonsResult;

  beforeAll(async () => {
    const backend = await selectBackend({ prefer: 'wasm', log: () => undefined });
    expect(backend.name).toBe('wasm');
    result = await runTwoMoons({ outDir: out, progress: 'quiet', trainSteps: 2000 });
  }, 600_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the run directory: config, metrics, checkpoint, samples and the figure', () => {
    for (const f of [
      'config.json',
      'metrics.jsonl',
      'checkpoint.safetensors',
      'samples-ddpm-1000.safetensors',
      'samples-ddim-50.png',
    ]) {
      expect(existsSync(join(result.runDir, f)), f).toBe(true);
    }
    expect(existsSync(result.figure)).toBe(true);
  });

  it('DDPM-1000 and DDIM-50 samples are close to held-out data (sliced W1 < 0.12)', () => {
    for (const r of [result.ddpm, result.ddim]) {
      expect(r.samples.length).toBe(2000 * 2);
      expect(r.metrics!.slicedWasserstein).toBeLessThan(0.12);
      expect(r.metrics!.mmd2).toBeLessThan(0.01);
    }
  });

  it('is far better than the untrained starting point x_T ~ N(0, I)', () => {
    const prior = new SeededRng(3).normals(4000);
    const heldOut = result.ddim.metrics!;
    // the prior's distance to the data, measured with the same metric
    const priorSw = slicedWasserstein(prior, result.heldOut, 2, new SeededRng(0));
    expect(heldOut.slicedWasserstein).toBeLessThan(0.3 * priorSw);
    expect(result.ddpm.metrics!.slicedWasserstein).toBeLessThan(0.3 * priorSw);
  });
});
