import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createContainer, decodeOrThrow, registriesOf, ReplayRng, SeededRng } from '@udm/core';
import { gaussianModule } from '../gaussian-module.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { DdimStep } from './ddim-step.js';
import { DdpmStep } from './ddpm-step.js';
import { fixedLargeVariance, learnedRangeVariance, PosteriorMeanStep } from './posterior-mean-step.js';
import { clipX0, dynamicThreshold, quantileSorted } from './x0-processor.js';

await tf.setBackend('cpu');
await tf.ready();

const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
const XT = [0.4, -1.3, 2.2, 0.05, -0.7, 1.1];
const X0 = [1.7, -0.2, 0.3, -2.5, 0.9, 0.1]; // two entries outside [−1, 1]
const EPS = [0.3, 0.8, -1.1, 0.2, 0.5, -0.4];
const Z = [1.2, -0.3, 0.4, 0.9, -1.5, 0.6];

function run(
  step: {
    step: (
      xt: tf.Tensor,
      p: { x0: tf.Tensor; eps: tf.Tensor },
      t: number,
      s: number,
      r: ReplayRng,
    ) => tf.Tensor;
  },
  t: number,
  s: number,
  noise: number[][] = [Z],
): { out: number[]; rng: ReplayRng } {
  const rng = new ReplayRng(noise);
  const [xt, x0, eps] = [tf.tensor2d(XT, [3, 2]), tf.tensor2d(X0, [3, 2]), tf.tensor2d(EPS, [3, 2])];
  const y = step.step(xt, { x0, eps }, t, s, rng);
  const out = Array.from(y.dataSync());
  tf.dispose([xt, x0, eps, y]);
  return { out, rng };
}

const clip = (v: number) => Math.max(-1, Math.min(1, v));

describe('DDIM step', () => {
  const [t, s] = [600, 500];
  const [at, as] = [process.alphaBar(t), process.alphaBar(s)];

  it('η = 0, use_clipped_model_output false: √ᾱ_s·clip(x̂0) + √(1 − ᾱ_s)·ε̂ (the model’s ε̂)', () => {
    const { out } = run(new DdimStep(process, { x0Processor: clipX0() }), t, s, []);
    out.forEach((v, i) =>
      expect(v).toBeCloseTo(Math.sqrt(as) * clip(X0[i]!) + Math.sqrt(1 - as) * EPS[i]!, 5),
    );
  });

  it('use_clipped_model_output true: ε recovered from x_t and the clipped x̂0', () => {
    const { out } = run(
      new DdimStep(process, { x0Processor: clipX0(), useClippedModelOutput: true }),
      t,
      s,
      [],
    );
    out.forEach((v, i) => {
      const eps = (XT[i]! - Math.sqrt(at) * clip(X0[i]!)) / Math.sqrt(1 - at);
      expect(v).toBeCloseTo(Math.sqrt(as) * clip(X0[i]!) + Math.sqrt(1 - as) * eps, 4);
    });
  });

  it('η = 1 with recovered noise is DDPM fixed_small (same noise, same result)', () => {
    const ddim = run(
      new DdimStep(process, { eta: 1, x0Processor: clipX0(), useClippedModelOutput: true }),
      t,
      s,
    );
    const ddpm = run(new DdpmStep(process, clipX0()), t, s);
    ddim.out.forEach((v, i) => expect(v).toBeCloseTo(ddpm.out[i]!, 5));
  });

  it('set_alpha_to_one false: the last step lands on ᾱ_0, not on the clean data', () => {
    const { out } = run(new DdimStep(process, { setAlphaToOne: false }), 0, -1, []);
    const a0 = process.alphaBar(0);
    out.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(a0) * X0[i]! + Math.sqrt(1 - a0) * EPS[i]!, 5));
    const one = run(new DdimStep(process), 0, -1, []);
    one.out.forEach((v, i) => expect(v).toBeCloseTo(X0[i]!, 6));
  });
});

describe('DDPM steps', () => {
  it('fixed_small draws no noise at t = 0', () => {
    const { out, rng } = run(new DdpmStep(process), 0, -1, []);
    expect(rng.remaining).toBe(0);
    out.forEach((v, i) => expect(v).toBeCloseTo(X0[i]!, 6));
  });

  it('fixed_large: diffusers’ posterior-mean coefficients plus √β_t·z', () => {
    const [t, s] = [400, 399];
    const [at, as] = [process.alphaBar(t), process.alphaBar(s)];
    const beta = 1 - at / as;
    const { out, rng } = run(new PosteriorMeanStep(process, fixedLargeVariance(process)), t, s);
    expect(rng.remaining).toBe(0);
    out.forEach((v, i) => {
      const mean =
        ((Math.sqrt(as) * beta) / (1 - at)) * X0[i]! + ((Math.sqrt(1 - beta) * (1 - as)) / (1 - at)) * XT[i]!;
      expect(v).toBeCloseTo(mean + Math.sqrt(beta) * Z[i]!, 5);
    });
  });

  it('learned_range interpolates: v̂ = −1 is fixed_small, v̂ = +1 is fixed_large', () => {
    const [t, s] = [300, 250];
    const withValue = (v: number) => ({
      step: (xt: tf.Tensor, p: { x0: tf.Tensor; eps: tf.Tensor }, tt: number, ss: number, r: ReplayRng) =>
        tf.tidy(() =>
          new PosteriorMeanStep(process, learnedRangeVariance(process)).step(
            xt,
            { ...p, varianceValue: tf.fill(xt.shape, v) },
            tt,
            ss,
            r,
          ),
        ),
    });
    const small = run(new DdpmStep(process), t, s).out;
    const large = run(new PosteriorMeanStep(process, fixedLargeVariance(process)), t, s).out;
    run(withValue(-1), t, s).out.forEach((v, i) => expect(v).toBeCloseTo(small[i]!, 5));
    run(withValue(1), t, s).out.forEach((v, i) => expect(v).toBeCloseTo(large[i]!, 5));
  });

  it('leave no tensors behind', () => {
    for (const step of [
      new DdpmStep(process, clipX0()),
      new PosteriorMeanStep(process, fixedLargeVariance(process)),
      new DdimStep(process, { eta: 0.5, x0Processor: dynamicThreshold() }),
    ]) {
      const [xt, x0, eps] = [tf.ones([3, 2]), tf.ones([3, 2]), tf.ones([3, 2])];
      const before = tf.memory().numTensors;
      const y = step.step(xt, { x0, eps }, 500, 400, new SeededRng(1));
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([xt, x0, eps, y]);
    }
  });
});

describe('x̂0 processing', () => {
  it('quantile interpolates linearly like torch.quantile', () => {
    expect(quantileSorted([0, 1, 2, 3], 0.5)).toBe(1.5);
    expect(quantileSorted([0, 10], 0.995)).toBeCloseTo(9.95, 12);
  });
  it('dynamic thresholding: s = clamp(q_0.995(|x̂0|), 1, max); x̂0 ← clamp(x̂0, −s, s)/s, per sample', () => {
    const row1 = Array.from({ length: 100 }, (_, i) => (i - 50) / 10); // |x| up to 5
    const row2 = Array.from({ length: 100 }, (_, i) => (i - 50) / 100); // |x| < 1
    const x = tf.tensor2d([...row1, ...row2], [2, 100]);
    const y = dynamicThreshold(0.995, 3).apply(x).dataSync();
    const sorted = row1.map(Math.abs).sort((a, b) => a - b);
    const s1 = Math.min(quantileSorted(sorted, 0.995), 3);
    expect(s1).toBe(3);
    expect(y[0]).toBeCloseTo(-1, 6); // −5 clamped to −3, divided by 3
    expect(y[60]).toBeCloseTo(1 / 3, 6);
    expect(y[100]).toBeCloseTo(-0.5, 6); // s = 1 for the second row: unchanged
  });
});

describe('step kinds in the config', () => {
  const r = registriesOf(createContainer([gaussianModule]));
  it('decode with defaults and name unknown variances', () => {
    const c = decodeOrThrow(r.steps.codec(), { kind: 'ddpm' }, 'sample.step');
    expect(c).toMatchObject({ variance: 'fixed_small', clipSample: false, thresholding: false });
    expect(() =>
      decodeOrThrow(r.steps.codec(), { kind: 'ddpm', variance: 'learned' }, 'sample.step'),
    ).toThrow(/sample\.step\.variance: expected one of "fixed_small", "fixed_large", "learned_range"/);
    const d = decodeOrThrow(r.steps.codec(), { kind: 'ddim' }, 'sample.step');
    expect(d).toMatchObject({ eta: 0, useClippedModelOutput: false, setAlphaToOne: true });
  });
});
