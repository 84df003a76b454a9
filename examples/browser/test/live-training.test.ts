import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensorsPortable } from '@udm/backend-tfjs/browser';
import { decodeCheckpoint } from '@udm/cli/browser';
import { liveConfigText, trainLive, type LivePreview } from '../src/live-training.js';
import { modelFromRunFiles } from '../src/load-model.js';

const CONFIG = readFileSync(new URL('../public/two-moons.train.json', import.meta.url), 'utf8');

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training in the page (trainLive, in Node on the cpu backend)', () => {
  it('trains with udm.train(), previews samples, and hands back a checkpoint udm sample reads', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const previews: LivePreview[] = [];
    const steps: number[] = [];
    const result = await trainLive({
      configText: CONFIG,
      seed: 1,
      steps: 60,
      previewEvery: 30,
      previewCount: 200,
      onStep: (p) => steps.push(p.step),
      onPreview: (p) => previews.push(p),
    });
    try {
      expect(steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(result.records.map((r) => r.step)).toEqual(steps);
      const losses = result.records.map((r) => r.loss);
      expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 10)));
      expect(previews.map((p) => [p.step, p.weights])).toEqual([
        [30, 'current'],
        [60, 'current'],
        [60, 'EMA'],
      ]);
      for (const p of previews) {
        expect(p.samples).toHaveLength(400);
        expect(p.samples.every(Number.isFinite)).toBe(true);
        expect(p.heldOut).toHaveLength(2 * 2000);
      }
      expect(previews[1]!.samples).not.toEqual(previews[0]!.samples);

      // The checkpoint: udm train's format, the overridden seed and steps in its config, 60 steps done.
      const loaded = decodeCheckpoint(decodeSafetensorsPortable(result.checkpoint), 'trained');
      loaded.dispose();
      expect(loaded.meta.step).toBe(60);
      expect(loaded.config).toMatchObject({ seed: 1, train: { steps: 60, checkpointEvery: 60 } });
      const again = await modelFromRunFiles({ name: 'trained', bytes: result.checkpoint });
      expect(again.trainedSteps).toBe(60);
      again.dispose();
    } finally {
      result.udm.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('is deterministic for a seed, stops on the signal, and rejects a bad config naming the field', async () => {
    await tf.setBackend('cpu');
    const losses = async (seed: number): Promise<number[]> => {
      const r = await trainLive({ configText: CONFIG, seed, steps: 8, previewEvery: 100, previewCount: 10 });
      r.udm.dispose();
      return r.records.map((x) => x.loss);
    };
    const a = await losses(4);
    expect(await losses(4)).toEqual(a);
    expect(await losses(5)).not.toEqual(a);

    const stop = new AbortController();
    const stopped = await trainLive({
      configText: CONFIG,
      seed: 0,
      steps: 10_000,
      previewEvery: 1000,
      previewCount: 10,
      signal: stop.signal,
      onStep: (p) => {
        if (p.step === 5) stop.abort();
      },
    });
    stopped.udm.dispose();
    expect(stopped.summary.stopped).toBe(true);
    expect(stopped.summary.step).toBeLessThan(10_000);
    const meta = decodeCheckpoint(decodeSafetensorsPortable(stopped.checkpoint), 'stopped');
    meta.dispose();
    expect(meta.meta.step).toBe(stopped.summary.step);

    const bad = JSON.parse(CONFIG) as { train: Record<string, unknown> };
    bad.train['batchSize'] = -3;
    await expect(
      trainLive({ configText: JSON.stringify(bad), seed: 0, steps: 5, previewEvery: 5 }),
    ).rejects.toThrow(/config: .*train\.batchSize/);
    expect(() => liveConfigText('{', 0, 5)).toThrow(/config: not valid JSON/);
  }, 120_000);
});
