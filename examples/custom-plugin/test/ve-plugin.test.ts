import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  createUdm,
  randomNormal,
  RecoveredNoiseStep,
  FreshNoiseStep,
  InterpolatedNoiseStep,
  SeededRng,
  slicedWasserstein,
  ConfigError,
} from '@udm/core';
import { defaultModules } from '@udm/cli';
import { runConformance } from '@udm/testing';
import { VeProcess, vePlugin } from '../src/ve-plugin.js';

await tf.setBackend('cpu');
await tf.ready();

const config = {
  seed: 3,
  data: { kind: 'two-moons', n: 4000, heldOut: 1000 },
  process: { kind: 've-linear', sigmaMax: 10 },
  network: { kind: 'mlp', hidden: [64, 64], timeEmbedding: 16 },
  posterior: { kind: 've-x0' },
  train: { steps: 400, batchSize: 128, optimizer: { kind: 'adam', learningRate: 0.003 }, ema: 0 },
  sample: { step: { kind: 'recovered-noise' }, grid: { kind: 'linspace' }, steps: 50, count: 1000 },
};

describe('a process plugin defined outside packages/ (examples/custom-plugin)', () => {
  it('is unknown without its module, with an error naming the known kinds', () => {
    expect(() => createUdm(config, defaultModules())).toThrow(ConfigError);
    expect(() => createUdm(config, defaultModules())).toThrow(
      /process\.kind: expected one of ("[a-z-]+", )*"vp"(, "[a-z-]+")*, got "ve-linear"/,
    );
  });

  it('passes the conformance kit with core’s generic corrections', () => {
    const process = new VeProcess(10);
    const results = runConformance({
      name: 've-linear',
      process,
      makeX0: (batch, rng) => randomNormal(rng, [batch, 2]),
      times: [1, 0.5, 0.01],
      steps: [
        { name: 'recovered-noise', step: new RecoveredNoiseStep(process) },
        { name: 'fresh-noise', step: new FreshNoiseStep(process) },
        {
          name: 'interpolated-noise σ̃ = 0.5',
          step: new InterpolatedNoiseStep(process, { sigmaTilde: () => 0.5 }),
        },
      ],
    });
    const failed = results.filter((r) => !r.passed);
    expect(failed, failed.map((r) => `${r.name}: ${r.detail}`).join('\n')).toEqual([]);
    expect(results.length).toBeGreaterThan(10);
  });

  it('composes through DI with the bundled data and network, trains, and samples better than its prior', async () => {
    const udm = createUdm(config, [...defaultModules(), vePlugin]);
    expect(udm.process).toBeInstanceOf(VeProcess);
    const before = tf.memory().numTensors;
    const summary = await udm.train();
    expect(summary.step).toBe(400);
    expect(summary.lastLoss).toBeLessThan(summary.meanLoss * 1.5);
    const held = udm.data.heldOut.toArray();
    for (const step of [{ kind: 'recovered-noise' }, { kind: 'fresh-noise' }]) {
      const { x0 } = udm.sample({ step, steps: 50, count: 1000, rng: new SeededRng(1) });
      const sw = slicedWasserstein(x0.dataSync(), held, 2, new SeededRng(0));
      x0.dispose();
      const prior = tf.tidy(() => udm.process.prior([1000, 2], new SeededRng(2)).dataSync());
      const priorSw = slicedWasserstein(prior, held, 2, new SeededRng(0));
      expect(sw, step.kind).toBeLessThan(0.25 * priorSw);
    }
    // Adam creates its two moments m, v per weight on the first step; nothing else may stay alive.
    expect(tf.memory().numTensors - before).toBe(2 * udm.network.variables.size);
    udm.dispose();
  });
});
