import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_QUALITY } from '@udm/core';
import { imageClassifierQuality, imageQualityModule } from '@udm/testing';
import { barImagesModule } from '../test-support/bar-images.js';
import { defaultModules } from './default-modules.js';
import { distillRun } from '../test-support/family-commands.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-distill-images-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bundled modules with a quickly trained yardstick classifier in place of the default one (a plugin's way). */
const modules = [
  ...defaultModules().filter((m) => m !== imageQualityModule),
  barImagesModule,
  new ContainerModule(({ bind }) => {
    bind(SAMPLE_QUALITY).toConstantValue(
      imageClassifierQuality({ steps: 10, batchSize: 32, learningRate: 1e-2 }),
    );
  }),
];

describe('distillRun on images', () => {
  it('scores teacher and students with the image yardstick and writes a PNG grid per evaluated model', async () => {
    const trained = await trainRun({
      config: {
        seed: 0,
        data: { kind: 'bar-images' },
        process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
        network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
        posterior: { kind: 'v' },
        train: { steps: 3, batchSize: 8, ema: 0.9, checkpointEvery: 3 },
        sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 4, count: 16 },
      },
      outDir: dir,
      name: 'teacher',
      modules,
      progress: 'quiet',
    });
    trained.udm.dispose();
    const before = tf.memory().numTensors;
    const r = await distillRun({
      checkpoint: trained.runDir,
      config: { teacherSteps: 4, rounds: 2, stepsPerRound: 2, batchSize: 8, count: 16 },
      modules,
      progress: 'quiet',
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.qualities).toEqual(['image-classifier']);
    expect(r.rows.map((x) => `${x.model} ${x.steps}`)).toEqual([
      'teacher 4',
      'teacher 2',
      'teacher 1',
      'student 2',
      'student 1',
    ]);
    expect(Object.keys(r.reference!).sort()).toEqual([
      'classEntropy',
      'classifierAccuracy',
      'confidence',
      'frechet',
    ]);
    for (const row of r.rows) {
      expect(Object.keys(row.metrics!).sort()).toEqual(['classEntropy', 'confidence', 'frechet']);
      for (const v of Object.values(row.metrics!)) expect(Number.isFinite(v)).toBe(true);
      const png = PNG.sync.read(readFileSync(row.grid!));
      // 16 tiles of 8×8 pixels drawn 2× in a 4 × 4 grid with 2-pixel gaps: 2 + 4 · (16 + 2)
      expect([png.width, png.height]).toEqual([74, 74]);
    }
    expect(r.rows[3]!.grid).toBe(join(trained.runDir, 'samples-student-2.png'));
    const saved = JSON.parse(readFileSync(r.file, 'utf8')) as { reference: object; rows: unknown[] };
    expect(saved.reference).toEqual(r.reference);
    expect(saved.rows).toHaveLength(5);
    expect(existsSync(r.rows[4]!.checkpoint!)).toBe(true);
  });
});
