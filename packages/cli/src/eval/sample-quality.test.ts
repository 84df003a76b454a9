import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  combinedScorer,
  createUdm,
  evaluatePoints,
  pointSampleQuality,
  sampleQualitiesFor,
  type SampleQuality,
  type Udm,
} from '@udm/core';
import { imageClassifierQuality } from '@udm/testing';
import { defaultModules } from '../api/default-modules.js';
import { barImagesModule } from '../test-support/bar-images.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const model = (data: unknown): Udm =>
  createUdm(
    {
      seed: 0,
      data,
      process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
      posterior: { kind: 'v' },
      train: { steps: 1, batchSize: 8 },
      sample: { step: { kind: 'ddim' }, steps: 2, count: 16 },
    },
    [...defaultModules(), barImagesModule],
  );

describe('sample quality (SAMPLE_QUALITY)', () => {
  it('chooses the yardstick by what it accepts: point distances for 2-D points, the classifier for images', () => {
    const points = model({ kind: 'two-moons', n: 64, heldOut: 32 });
    const images = model({ kind: 'bar-images' });
    try {
      expect(sampleQualitiesFor(points).map((q) => q.name)).toEqual(['point-distance']);
      expect(sampleQualitiesFor(images).map((q) => q.name)).toEqual(['image-classifier']);
      expect(imageClassifierQuality().unsupported(points)).toMatch(/needs images \[h, w, c\]/);
      expect(pointSampleQuality.unsupported(images)).toMatch(/got items of shape \[8, 8, 1\]/);
    } finally {
      points.dispose();
      images.dispose();
    }
  });

  it('scores images with finite numbers: real images near the floor, blank images far, and leaks no tensors', () => {
    const udm = model({ kind: 'bar-images' });
    try {
      const before = tf.memory().numTensors;
      const scorer = imageClassifierQuality({ steps: 10, batchSize: 32, learningRate: 1e-2 }).prepare({
        udm,
        count: 32,
        seed: 1,
      });
      const real = scorer.score(udm.data.heldOut.toArray().subarray(0, 32 * 64));
      const blank = scorer.score(new Float32Array(32 * 64).fill(-1));
      scorer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(Object.keys(scorer.reference).sort()).toEqual([
        'classEntropy',
        'classifierAccuracy',
        'confidence',
        'frechet',
      ]);
      for (const v of [...Object.values(scorer.reference), ...Object.values(real), ...Object.values(blank)])
        expect(Number.isFinite(v)).toBe(true);
      expect(scorer.reference.classifierAccuracy).toBeGreaterThan(0.95);
      // half of each class: one bit of class entropy; blank images all fall in one class
      expect(real.classEntropy).toBeCloseTo(1, 6);
      expect(blank.classEntropy).toBe(0);
      expect(blank.frechet!).toBeGreaterThan(10 * real.frechet!);
    } finally {
      udm.dispose();
    }
  });

  it('point distances equal evaluatePoints, the reference being `count` training points', () => {
    const udm = model({ kind: 'two-moons', n: 64, heldOut: 32 });
    try {
      const scorer = pointSampleQuality.prepare({ udm, count: 16, seed: 5 });
      const train = udm.data.train.toArray();
      const direct = evaluatePoints(train.subarray(0, 32), udm.data.heldOut.toArray(), train, 2, 5);
      expect(scorer.score(train.subarray(0, 32))).toEqual({
        slicedWasserstein: direct.slicedWasserstein,
        mmd2: direct.mmd2,
      });
      expect(scorer.reference).toEqual(direct.reference);
    } finally {
      udm.dispose();
    }
  });

  it('merges several yardsticks and refuses two that report the same number', () => {
    const fixed = (name: string, key: string): SampleQuality => ({
      name,
      description: name,
      unsupported: () => undefined,
      prepare: () => ({
        reference: { [key]: 0 },
        score: (s) => ({ [key]: s.length }),
        dispose: () => undefined,
      }),
    });
    const udm = {} as Udm;
    const both = combinedScorer([fixed('a', 'x'), fixed('b', 'y')], { udm, count: 1, seed: 0 });
    expect(both.score(new Float32Array(3))).toEqual({ x: 3, y: 3 });
    expect(() => combinedScorer([fixed('a', 'x'), fixed('b', 'x')], { udm, count: 1, seed: 0 })).toThrow(
      /"b" and "a" both report "x"/,
    );
  });
});
