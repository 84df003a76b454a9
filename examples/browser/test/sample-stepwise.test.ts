import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensorsPortable } from '@udm/backend-tfjs/browser';
import { decodeCheckpoint } from '@udm/cli/browser';
import { SeededRng } from '@udm/core';
import { modelFromCheckpointBytes } from '../src/load-model.js';
import { sampleStepwise } from '../src/sample-stepwise.js';
import { describeChoice, samplingChoice, stepTakesEta } from '../src/sampling-choice.js';
import { moonCurveDistance, moonsStatistics } from './moons-statistics.js';

const CHECKPOINT = new URL('../public/two-moons.safetensors', import.meta.url);
const RESOLVED_CONFIG = new URL('../public/two-moons.config.json', import.meta.url);

describe('the browser demo in Node (cpu backend)', () => {
  it('loads the shipped checkpoint with the browser-safe entries and samples two moons step by step', async () => {
    await tf.setBackend('cpu');
    const bytes = new Uint8Array(readFileSync(CHECKPOINT));
    const udm = await modelFromCheckpointBytes(bytes, 'two-moons.safetensors');
    try {
      // The config shipped beside the checkpoint is the one inside it (as `udm train` wrote both).
      const embedded = decodeCheckpoint(decodeSafetensorsPortable(bytes), 'two-moons.safetensors');
      embedded.dispose();
      expect(embedded.config).toEqual(JSON.parse(readFileSync(RESOLVED_CONFIG, 'utf8')));
      const before = tf.memory().numTensors;
      const frames: number[] = [];
      const stepwise = await sampleStepwise(udm, {
        count: 300,
        seed: 3,
        onStep: ({ index, points }) => {
          frames.push(index);
          expect(points.length).toBe(600);
        },
      });
      expect(frames).toEqual(Array.from({ length: udm.config.sample.steps + 1 }, (_, i) => i - 1));
      expect(tf.memory().numTensors).toBe(before);

      // The same chain as udm.sample() with the same seed.
      const { x0 } = udm.sample({ count: 300, rng: new SeededRng(3) });
      const oneShot = (await x0.data()) as Float32Array;
      x0.dispose();
      const maxDiff = stepwise.reduce((m, v, i) => Math.max(m, Math.abs(v - oneShot[i]!)), 0);
      expect(maxDiff).toBeLessThan(1e-5);

      const s = moonsStatistics(stepwise);
      expect(s.slicedW1).toBeLessThan(0.15);
      expect(s.slicedW1).toBeLessThan(0.3 * s.priorSlicedW1);
      expect(s.medianCurveDistance).toBeLessThan(0.15);
    } finally {
      udm.dispose();
    }
  });

  it('rejects a bad point count and a corrupted checkpoint with clear errors', async () => {
    await tf.setBackend('cpu');
    const bytes = new Uint8Array(readFileSync(CHECKPOINT));
    const corrupted = bytes.slice();
    const at = corrupted.length - 5;
    corrupted[at] = corrupted[at]! ^ 0xff;
    await expect(modelFromCheckpointBytes(corrupted, 'bad.safetensors')).rejects.toThrow(/checksum mismatch/);
    const udm = await modelFromCheckpointBytes(bytes, 'two-moons.safetensors');
    try {
      await expect(sampleStepwise(udm, { count: 0, seed: 0 })).rejects.toThrow(
        /count: expected a positive integer/,
      );
    } finally {
      udm.dispose();
    }
  });

  it('samples with a chosen step, η and sampler (the form), as udm.sample does with the same seed', async () => {
    await tf.setBackend('cpu');
    const udm = await modelFromCheckpointBytes(
      new Uint8Array(readFileSync(CHECKPOINT)),
      'two-moons.safetensors',
    );
    try {
      expect(stepTakesEta(udm, 'ddim')).toBe(true);
      expect(stepTakesEta(udm, 'ddpm')).toBe(false);
      const ddim = samplingChoice(udm, { sampler: 'ancestral', step: 'ddim', steps: '10', eta: '0.5' });
      expect(ddim).toMatchObject({
        sampler: { kind: 'ancestral' },
        step: { kind: 'ddim', eta: 0.5 },
        steps: 10,
        eta: 0.5,
      });
      expect(describeChoice(udm, ddim)).toBe('DDIM η=0.5, 10 steps');
      const heun = samplingChoice(udm, { sampler: 'heun', step: 'ddpm', steps: '6', eta: 'ignored' });
      expect(describeChoice(udm, heun)).toBe('heun (PF-ODE), 6 steps');
      expect(() => samplingChoice(udm, { sampler: 'ancestral', step: 'ddim', steps: '0', eta: '0' })).toThrow(
        /steps: expected a positive integer/,
      );
      expect(() => samplingChoice(udm, { sampler: 'ancestral', step: 'ddim', steps: '5', eta: 'x' })).toThrow(
        /η: expected a number/,
      );
      expect(() => samplingChoice(udm, { sampler: 'nope', step: 'ddim', steps: '5', eta: '0' })).toThrow(
        /sampler/,
      );
      for (const choice of [ddim, heun]) {
        const frames: number[] = [];
        const stepwise = await sampleStepwise(udm, {
          count: 50,
          seed: 9,
          steps: choice.steps,
          sampler: choice.sampler,
          step: choice.step,
          onStep: ({ index }) => {
            frames.push(index);
          },
        });
        expect(frames).toEqual(Array.from({ length: choice.steps + 1 }, (_, i) => i - 1));
        const { x0 } = udm.sample({
          count: 50,
          steps: choice.steps,
          sampler: choice.sampler,
          step: choice.step,
          rng: new SeededRng(9),
        });
        const oneShot = (await x0.data()) as Float32Array;
        x0.dispose();
        expect(stepwise.reduce((m, v, i) => Math.max(m, Math.abs(v - oneShot[i]!)), 0)).toBeLessThan(1e-5);
      }
    } finally {
      udm.dispose();
    }
  });

  it('measures distance to the moon curves in data units', () => {
    // (cos θ, sin θ) on the upper arc maps to 2·(cos θ − 0.5, sin θ − 0.25).
    expect(moonCurveDistance(2 * (1 - 0.5), 2 * (0 - 0.25))).toBeCloseTo(0, 12);
    expect(moonCurveDistance(2 * (0 - 0.5), 2 * (1 - 0.25))).toBeCloseTo(0, 12);
    // The lower arc's bottom (1, −0.5).
    expect(moonCurveDistance(2 * (1 - 0.5), 2 * (-0.5 - 0.25))).toBeCloseTo(0, 12);
    // (0, 2) is 1 above the upper arc's top and 1.5 from the lower arc's end (0, 0.5): distance 1, ×2.
    expect(moonCurveDistance(2 * (0 - 0.5), 2 * (2 - 0.25))).toBeCloseTo(2, 12);
  });
});
