import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, SeededRng } from '@udm/core';
import { accuracy, classifierView, predictedClasses } from './classifier-view.js';
import { DigitClassifier } from './digit-classifier.js';
import { imageQuality } from './image-quality.js';
import { trainYardstick } from './yardstick.js';

/** Two classes of 2×2 images: class 0 bright on top, class 1 bright at the bottom, plus noise. */
function toyImages(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new SeededRng(seed);
  const noise = rng.normals(n * 4);
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  const x = Float32Array.from({ length: n * 4 }, (_, j) => {
    const top = j % 4 < 2;
    const bright = (y[Math.floor(j / 4)] === 0) === top;
    return (bright ? 1 : -1) + 0.3 * noise[j]!;
  });
  return { x, y };
}

describe('classifierView / accuracy', () => {
  const p = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7]);

  it('takes the most probable class, its mean probability and the entropy of the histogram', () => {
    expect(Array.from(predictedClasses(p, 2))).toEqual([0, 1, 0, 1]);
    const v = classifierView(p, 2);
    expect(v.histogram).toEqual([2, 2]);
    expect(v.confidence).toBeCloseTo((0.9 + 0.8 + 0.6 + 0.7) / 4, 6);
    expect(v.classEntropy).toBeCloseTo(1, 10);
    expect(classifierView(Float32Array.from([1, 0, 1, 0]), 2).classEntropy).toBe(0);
    expect(accuracy(p, Int32Array.from([0, 1, 1, 1]), 2)).toBe(0.75);
  });

  it('names the field when the sizes do not fit', () => {
    expect(() => classifierView(Float32Array.from([1, 0, 0]), 2)).toThrow(
      /probabilities: expected rows of 2/,
    );
    expect(() => accuracy(p, Int32Array.from([0]), 2)).toThrow(/labels: expected 4 labels, got 1/);
    expect(() => classifierView(p, 0)).toThrow(/classes: expected a positive integer/);
  });
});

describe('DigitClassifier', () => {
  it('learns a separable toy task, scores images, and leaks no tensors', () => {
    const train = toyImages(256, 1);
    const data = new ArrayDataset(train.x, [2, 2, 1], train.y, 2);
    const before = tf.memory().numTensors;
    const clf = DigitClassifier.train(data, {
      steps: 60,
      batchSize: 32,
      learningRate: 1e-2,
      rng: new SeededRng(2),
    });
    const test = toyImages(100, 3);
    const { probabilities, features } = clf.evaluate(test.x);
    expect(features.length).toBe(100 * 64);
    expect(accuracy(probabilities, test.y, 2)).toBeGreaterThan(0.95);
    const q = imageQuality(clf, test.x, clf.evaluate(toyImages(100, 4).x).features, test.y);
    expect(q.labelAccuracy).toBeGreaterThan(0.95);
    expect(q.histogram.reduce((a, b) => a + b, 0)).toBe(100);
    // same distribution → a small distance; a different one (all class 0) → a larger one
    const ones = toyImages(200, 5);
    const onlyZeros = ones.x.filter((_, j) => ones.y[Math.floor(j / 4)] === 0);
    const far = imageQuality(clf, onlyZeros, clf.evaluate(toyImages(100, 4).x).features);
    expect(far.frechet).toBeGreaterThan(q.frechet);
    expect(far.labelAccuracy).toBeUndefined();
    expect(() => clf.evaluate(Float32Array.from([1, 2, 3]))).toThrow(
      /images: expected a whole number of 4-pixel/,
    );
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses unlabelled data', () => {
    const data = new ArrayDataset(new Float32Array(8), [2, 2, 1]);
    expect(() =>
      DigitClassifier.train(data, { steps: 1, batchSize: 2, learningRate: 1e-3, rng: new SeededRng(0) }),
    ).toThrow(/no class labels/);
  });
});

describe('trainYardstick', () => {
  it('trains on the training split and views every held-out image with its label', () => {
    const train = toyImages(256, 1);
    const test = toyImages(60, 3);
    const split = {
      train: new ArrayDataset(train.x, [2, 2, 1], train.y, 2),
      heldOut: new ArrayDataset(test.x, [2, 2, 1], test.y, 2),
    };
    const before = tf.memory().numTensors;
    const y = trainYardstick(split, { steps: 60, batchSize: 32, learningRate: 1e-2, rng: new SeededRng(2) });
    expect(Array.from(y.heldOut)).toEqual(Array.from(test.x));
    expect(Array.from(y.heldOutLabels)).toEqual(Array.from(test.y));
    expect(y.heldOutView.features.length).toBe(60 * 64);
    expect(y.accuracy).toBe(accuracy(y.heldOutView.probabilities, test.y, 2));
    expect(y.accuracy).toBeGreaterThan(0.95);
    // the same training as DigitClassifier.train with the same options and RNG
    const direct = DigitClassifier.train(split.train, {
      steps: 60,
      batchSize: 32,
      learningRate: 1e-2,
      rng: new SeededRng(2),
    });
    expect(Array.from(direct.evaluate(test.x).probabilities)).toEqual(
      Array.from(y.heldOutView.probabilities),
    );
    direct.dispose();
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an unlabelled held-out set and frees the classifier', () => {
    const train = toyImages(16, 1);
    const before = tf.memory().numTensors;
    expect(() =>
      trainYardstick(
        {
          train: new ArrayDataset(train.x, [2, 2, 1], train.y, 2),
          heldOut: new ArrayDataset(new Float32Array(8), [2, 2, 1]),
        },
        { steps: 1, batchSize: 4, rng: new SeededRng(0) },
      ),
    ).toThrow(/heldOut: expected a labelled data set/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
