import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ArrayDataset, contribution, createUdm, literal, required, struct, TOKENS } from '@udm/core';
import { defaultModules } from './default-modules.js';
import { sampleRun } from './sample-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-pictures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 4×4 grey "images" in [−1, 1]: a horizontal ramp. */
const tinyImages = contribution({
  kind: 'tiny-images',
  description: 'test data: 4×4×1 ramps',
  codec: struct('tiny-images data', { kind: required(literal('tiny-images')) }),
  create: () => {
    const ramp = Float32Array.from({ length: 32 * 16 }, (_, i) => ((i % 4) / 3) * 2 - 1);
    return {
      train: new ArrayDataset(ramp, [4, 4, 1]),
      heldOut: new ArrayDataset(ramp.slice(0, 8 * 16), [4, 4, 1]),
    };
  },
});

/** The same ramps, labelled 0, 1, 2 in turn (3 classes), for a class-conditional model. */
const tinyLabelledImages = contribution({
  kind: 'tiny-labelled-images',
  description: 'test data: 4×4×1 ramps with 3 classes',
  codec: struct('tiny-labelled-images data', { kind: required(literal('tiny-labelled-images')) }),
  create: () => {
    const ramp = Float32Array.from({ length: 30 * 16 }, (_, i) => ((i % 4) / 3) * 2 - 1);
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    return {
      train: new ArrayDataset(ramp, [4, 4, 1], labels, 3),
      heldOut: new ArrayDataset(ramp.slice(0, 9 * 16), [4, 4, 1], labels.slice(0, 9), 3),
    };
  },
});

describe('sampleRun pictures', () => {
  it('writes an image grid of the samples for image data (3×3 tiles of 4×4 pixels at scale 2)', async () => {
    const modules = [
      ...defaultModules(),
      new ContainerModule(({ bind }) => {
        bind(TOKENS.Dataset).toConstantValue(tinyImages);
      }),
    ];
    const udm = createUdm(
      {
        data: { kind: 'tiny-images' },
        process: { kind: 'vp', T: 10 },
        network: { kind: 'unet', channels: [4], groups: 2, timeEmbedding: 8 },
        posterior: { kind: 'epsilon' },
        train: { steps: 1 },
        sample: { step: { kind: 'ddim' }, steps: 2, count: 9 },
      },
      modules,
    );
    try {
      const out = join(dir, 'not', 'yet', 'there'); // created on demand
      const r = await sampleRun({ udm, outDir: out, progress: 'quiet', checkMemory: false });
      expect(r.files.plot).toBe(join(out, 'samples-ddim-2.png'));
      const png = PNG.sync.read(readFileSync(r.files.plot!));
      expect([png.width, png.height]).toEqual([2 + 3 * (8 + 2), 2 + 3 * (8 + 2)]);
      expect(Array.from(png.data.subarray(0, 4))).toEqual([128, 128, 128, 255]); // the gap
    } finally {
      udm.dispose();
    }
  });

  it('labels the grid by class for a class-conditional model: one row per class, y = k in a strip', async () => {
    const modules = [
      ...defaultModules(),
      new ContainerModule(({ bind }) => {
        bind(TOKENS.Dataset).toConstantValue(tinyLabelledImages);
      }),
    ];
    const udm = createUdm(
      {
        data: { kind: 'tiny-labelled-images' },
        process: { kind: 'vp', T: 10 },
        network: { kind: 'unet', channels: [4], groups: 2, timeEmbedding: 8, classConditional: true },
        posterior: { kind: 'epsilon' },
        train: { steps: 1 },
        sample: { step: { kind: 'ddim' }, steps: 2, count: 6 },
      },
      modules,
    );
    try {
      const out = join(dir, 'labelled');
      const r = await sampleRun({
        udm,
        outDir: out,
        labels: [2, 0, 1, 2, 0, 1],
        progress: 'quiet',
        checkMemory: false,
      });
      const png = PNG.sync.read(readFileSync(r.files.plot!));
      // 3 rows (y = 0, 1, 2) of 2 tiles of 4×4 pixels at scale 2, after a 56-pixel label strip.
      expect([png.width, png.height]).toEqual([56 + 2 + 2 * (8 + 2), 2 + 3 * (8 + 2)]);
      const one = await sampleRun({ udm, outDir: out, labels: 1, progress: 'quiet', checkMemory: false });
      const titled = PNG.sync.read(readFileSync(one.files.plot!));
      expect([titled.width, titled.height]).toEqual([2 + 3 * (8 + 2), 24 + 2 + 2 * (8 + 2)]); // 6 tiles, a title
    } finally {
      udm.dispose();
    }
  });
});
