import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUdm, SAMPLE_WRITER, sampleWritersFor, TOKEN_DATA } from '@udm/core';
import { defaultModules } from './default-modules.js';
import { sampleRun } from './sample-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-sample-text-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const textConfig = {
  seed: 3,
  data: { kind: 'first-names', sets: ['female'], lowercase: true, length: 16, heldOut: 0.05 },
  process: { kind: 'masked', schedule: { kind: 'linear' } },
  network: { kind: 'transformer', dModel: 16, heads: 2, layers: 1, mlpRatio: 2 },
  posterior: { kind: 'subs' },
  train: { steps: 1, ema: 0 },
  sample: { step: { kind: 'masked-ancestral' }, steps: 16, count: 5 },
};

describe('udm sample on token data', () => {
  it('writes the samples decoded to text, one per line, by core’s text SAMPLE_WRITER', async () => {
    const udm = createUdm(textConfig, defaultModules());
    try {
      expect(TOKEN_DATA.has(udm.data)).toBe(true);
      expect(sampleWritersFor(udm).map((w) => w.name)).toEqual(['text']);
      const r = await sampleRun({ udm, outDir: dir, progress: 'quiet', checkMemory: false });
      const file = r.files.text;
      expect(file).toBe(join(dir, 'samples-masked-ancestral-16.txt'));
      const lines = readFileSync(file!, 'utf8').split('\n');
      expect(lines.at(-1)).toBe('');
      expect(lines).toHaveLength(6);
      // Each line is the tokenizer's decoding of one sample's ids (the sampler unmasks every position by t = 0).
      const tokenizer = (udm.data.train as unknown as { tokenizer: { decode(ids: number[]): string } })
        .tokenizer;
      const ids = Array.from(r.samples, Math.round);
      for (let i = 0; i < 5; i++) {
        const row = ids.slice(i * 16, (i + 1) * 16);
        expect(lines[i]).toBe(tokenizer.decode(row).replace(/\r?\n/g, '⏎'));
        expect(lines[i]).not.toContain('[MASK]');
      }
      expect(r.written?.['text']?.summary).toBe(`first sample: ${JSON.stringify(lines[0])}`);
    } finally {
      udm.dispose();
    }
  });

  it('writes no text for continuous data', () => {
    const udm = createUdm(
      {
        seed: 1,
        data: { kind: 'two-moons', n: 64, heldOut: 16 },
        process: { kind: 'vp', T: 10 },
        network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
        posterior: { kind: 'epsilon' },
        sample: { step: { kind: 'ddim' }, steps: 5 },
      },
      defaultModules(),
    );
    try {
      expect(udm.container.isBound(SAMPLE_WRITER)).toBe(true);
      expect(sampleWritersFor(udm)).toEqual([]);
    } finally {
      udm.dispose();
    }
  });
});
