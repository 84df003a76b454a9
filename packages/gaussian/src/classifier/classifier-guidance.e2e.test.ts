import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm, SeededRng, type Udm } from '@udm/core';
import { toyDataModule } from '@udm/data';
import { netsModule } from '@udm/nets';
import { classMeans, fractionNearest } from '@udm/testing';
import { gaussianModule } from '../gaussian-module.js';
import { ClassifierGuidance } from '../guidance/classifier-guidance.js';
import type { GaussianPosterior } from '../posterior/gaussian-posterior.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { classifierGradient, type NoisyClassifier } from './noisy-classifier.js';

await tf.setBackend('cpu');
await tf.ready();

const modules = [gaussianModule, toyDataModule, netsModule];
const data = { kind: 'eight-gaussians', n: 4000, heldOut: 256, labelled: true };
const process = { kind: 've', sigmaMax: 5 };
const sample = { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 40 };
const train = (steps: number, objective: object) => ({
  steps,
  batchSize: 128,
  ema: 0,
  optimizer: { kind: 'adam', learningRate: 0.005 },
  objective,
});
const made: Udm[] = [];
afterAll(() => {
  for (const u of made.splice(0)) u.dispose();
});

describe('classifier guidance with a noisy classifier trained by train.objective "noisy-classifier"', () => {
  it('s = 0 samples the whole mixture; s ≥ 1 concentrates the samples on the chosen class', async () => {
    // an unconditional diffusion model (the MLP has no label embedding) and a noisy classifier, on the same data
    const model = createUdm(
      {
        seed: 1,
        data,
        process,
        network: { kind: 'mlp', hidden: [64, 64], timeEmbedding: 16 },
        posterior: { kind: 'epsilon' },
        train: train(600, { kind: 'denoising' }),
        sample,
      },
      modules,
    );
    const classifierRun = createUdm(
      {
        seed: 1,
        data,
        process,
        network: { kind: 'mlp', hidden: [64, 64], timeEmbedding: 16 },
        posterior: { kind: 'noisy-classifier', classes: 8 },
        train: train(600, { kind: 'noisy-classifier' }),
        sample,
      },
      modules,
    );
    made.push(model, classifierRun);
    await model.train();
    await classifierRun.train();

    const batch = model.data.train.gather(Int32Array.from({ length: 4000 }, (_, i) => i));
    const means = classMeans(batch.x0.dataSync(), batch.labels!.dataSync(), 8, 2);
    tf.dispose([batch.x0, batch.labels!]);

    const gradient = classifierGradient(classifierRun.posterior as NoisyClassifier);
    const k = 3;
    const draw = (scale: number): number => {
      const guided = new ClassifierGuidance(
        model.posterior as GaussianPosterior,
        model.process as GaussianProcess,
        gradient,
        scale,
      );
      const labels = tf.fill([512], k, 'int32') as tf.Tensor1D;
      const before = tf.memory().numTensors;
      const result = model.sampler.sample({
        process: model.process,
        predictor: guided,
        step: model.step,
        pairs: model.pairs(),
        shape: [512, 2],
        rng: new SeededRng(7),
        cond: { labels },
      });
      const points = result.x0.dataSync() as Float32Array;
      result.x0.dispose();
      labels.dispose();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
      return fractionNearest(points, means, k);
    };
    const f0 = draw(0);
    const f1 = draw(1);
    const f4 = draw(4);
    console.log(`classifier guidance, fraction nearest component ${k}: s=0 ${f0}, s=1 ${f1}, s=4 ${f4}`);
    // VE (α_t = 1): a learned classifier's error at large t is not amplified by 1/α_t as in VP near t = 1
    // s = 0: the unconditional model, each of the eight components about 1/8
    expect(f0).toBeGreaterThan(0.05);
    expect(f0).toBeLessThan(0.25);
    // s = 1: p(x | y) — most samples on component 3 (measured 0.97); s = 4 sharper still (1.0)
    expect(f1).toBeGreaterThan(0.8);
    expect(f4).toBeGreaterThan(0.9);
  }, 180_000);
});
