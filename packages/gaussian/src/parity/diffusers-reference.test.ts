import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ReplayRng } from '@udm/core';
import { GaussianScheduler } from '../scheduler/gaussian-scheduler.js';
import { absStats, dummyModel, dummySample } from './dummy.js';
import { TorchCpuRandn } from './torch-randn.js';

await tf.setBackend('cpu');
await tf.ready();

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./diffusers_reference.py', import.meta.url));
function hasTorch(): boolean {
  try {
    return existsSync(PYTHON) && (execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }), true);
  } catch {
    return false;
  }
}

/** One variant: our scheduler config, the reference's flags, and how many torch noise draws it takes. */
interface Variant {
  readonly name: string;
  readonly ours: Record<string, unknown>;
  readonly reference: Record<string, unknown>;
  readonly draws: number;
}

const linear = { kind: 'vp', schedule: { kind: 'linear' } };
const ddim = (extra: Record<string, unknown> = {}) => ({ kind: 'ddim', clipSample: true, ...extra });
const VARIANTS: Variant[] = [
  {
    name: 'DDIM trailing',
    ours: { step: ddim(), grid: { kind: 'trailing' } },
    reference: { step: 'ddim', spacing: 'trailing' },
    draws: 0,
  },
  {
    name: 'DDIM linspace, diffusers stride t − ⌊T/n⌋',
    ours: { step: ddim(), grid: { kind: 'linspace' }, fixedStride: true },
    reference: { step: 'ddim', spacing: 'linspace' },
    draws: 0,
  },
  {
    name: 'DDIM linspace, next grid time',
    ours: { step: ddim(), grid: { kind: 'linspace' } },
    reference: { step: 'ddim', spacing: 'linspace', fixedStride: false },
    draws: 0,
  },
  {
    name: 'DDIM leading + steps_offset 1, set_alpha_to_one false',
    ours: { step: ddim({ setAlphaToOne: false }), grid: { kind: 'leading', stepsOffset: 1 } },
    reference: { step: 'ddim', stepsOffset: 1, setAlphaToOne: false },
    draws: 0,
  },
  {
    name: 'DDIM scaled_linear',
    ours: {
      process: { kind: 'vp', schedule: { kind: 'scaled_linear', betaStart: 0.00085, betaEnd: 0.012 } },
      step: ddim(),
    },
    reference: { step: 'ddim', schedule: 'scaled_linear', betaStart: 0.00085, betaEnd: 0.012 },
    draws: 0,
  },
  {
    name: 'DDIM squaredcos_cap_v2',
    ours: { process: { kind: 'vp', schedule: { kind: 'squaredcos_cap_v2' } }, step: ddim() },
    reference: { step: 'ddim', schedule: 'cos' },
    draws: 0,
  },
  {
    name: 'DDIM sample-prediction, trailing',
    ours: { prediction: { kind: 'sample' }, step: ddim(), grid: { kind: 'trailing' } },
    reference: { step: 'ddim', prediction: 'sample', spacing: 'trailing' },
    draws: 0,
  },
  {
    name: 'DDIM use_clipped_model_output',
    ours: { step: ddim({ useClippedModelOutput: true }) },
    reference: { step: 'ddim', useClipped: true },
    draws: 0,
  },
  {
    name: 'DDIM no clipping',
    ours: { step: ddim({ clipSample: false }) },
    reference: { step: 'ddim', clip: false },
    draws: 0,
  },
  {
    name: 'DDIM dynamic thresholding, max 2',
    ours: { step: ddim({ thresholding: true, sampleMaxValue: 2 }) },
    reference: { step: 'ddim', thresholding: true, maxValue: 2 },
    draws: 0,
  },
  {
    name: 'DDIM dynamic thresholding, v-prediction, ratio 0.9, max 1.5',
    ours: {
      prediction: { kind: 'v' },
      step: ddim({ thresholding: true, dynamicThresholdingRatio: 0.9, sampleMaxValue: 1.5 }),
    },
    reference: { step: 'ddim', prediction: 'v', thresholding: true, ratio: 0.9, maxValue: 1.5 },
    draws: 0,
  },
  {
    name: 'DDIM η = 0.5 (torch noise)',
    ours: { step: ddim({ eta: 0.5 }) },
    reference: { step: 'ddim', eta: 0.5 },
    draws: 10,
  },
  {
    name: 'DDIM zero terminal SNR, v-prediction, trailing',
    ours: {
      process: { ...linear, rescaleZeroTerminalSnr: true },
      prediction: { kind: 'v' },
      step: ddim(),
      grid: { kind: 'trailing' },
    },
    reference: { step: 'ddim', rescale: true, prediction: 'v', spacing: 'trailing' },
    draws: 0,
  },
  {
    name: 'DDPM fixed_large, 1000 steps',
    ours: { step: { kind: 'ddpm', variance: 'fixed_large', clipSample: true }, steps: 1000 },
    reference: { step: 'ddpm', variance: 'fixed_large', steps: 1000 },
    draws: 999,
  },
  {
    name: 'DDPM fixed_small, sample-prediction, 50 trailing steps',
    ours: {
      prediction: { kind: 'sample' },
      step: { kind: 'ddpm', clipSample: true },
      grid: { kind: 'trailing' },
      steps: 50,
    },
    reference: {
      step: 'ddpm',
      variance: 'fixed_small',
      prediction: 'sample',
      spacing: 'trailing',
      steps: 50,
    },
    draws: 50,
  },
  {
    name: 'DDPM learned_range, 1000 steps',
    ours: {
      step: { kind: 'ddpm', variance: 'learned_range', clipSample: true },
      steps: 1000,
      learnedVariance: true,
    },
    reference: { step: 'ddpm', variance: 'learned_range', steps: 1000 },
    draws: 999,
  },
];

describe.skipIf(!hasTorch())('parity with a PyTorch reference of diffusers’ step formulas (float64)', () => {
  const configs = VARIANTS.map((v) => ({ steps: 10, ...v.reference }));
  const want = hasTorch()
    ? (JSON.parse(execFileSync(PYTHON, [SCRIPT, JSON.stringify(configs)]).toString()) as Array<{
        sum: number;
        mean: number;
      }>)
    : [];

  it.each(VARIANTS.map((v, i) => [v.name, v, i] as const))('%s', (_name, v, i) => {
    const scheduler = new GaussianScheduler({ steps: 10, process: linear, ...v.ours });
    const g = new TorchCpuRandn(0);
    const rng = new ReplayRng(Array.from({ length: v.draws }, () => g.randn(768)));
    const x = dummySample();
    const variance = tf.sub(tf.mul(x, 2), 1);
    const model = v.ours.learnedVariance
      ? (xt: tf.Tensor, t: number) => tf.concat([dummyModel(xt, t), variance], 1)
      : dummyModel;
    const out = scheduler.run(model, x, { rng });
    const { sum } = absStats(out);
    expect(rng.remaining).toBe(0);
    expect(want[i]!.sum).toBeGreaterThan(1);
    expect(Math.abs(sum - want[i]!.sum) / want[i]!.sum).toBeLessThan(1e-4);
    tf.dispose([x, variance, out]);
  });
});
