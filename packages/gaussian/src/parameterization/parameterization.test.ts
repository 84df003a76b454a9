import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { randomNormal, SeededRng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { VeProcess } from '../process/ve-process.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { VpSdeAlphaBar } from '../schedules/continuous/vp-sde-alpha-bar.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { withLearnedVariance } from './learned-variance.js';
import { convertOutput, targetOf } from './parameterization.js';
import { PARAMETERIZATIONS, parameterizationOf } from './parameterization-registry.js';

await tf.setBackend('cpu');
await tf.ready();

const PROCESSES: Array<[string, GaussianProcess, (rng: SeededRng, n: number) => Float64Array]> = [
  [
    'vp (discrete)',
    new VpProcess(alphasCumprod(new LinearSchedule().betas(1000))),
    (r, n) => Float64Array.from({ length: n }, () => r.int(1000)),
  ],
  [
    'vp-continuous',
    new VpContinuousProcess(new VpSdeAlphaBar()),
    (r, n) => r.uniforms(n).map((u) => 0.01 + 0.98 * u),
  ],
  ['ve', new VeProcess(0.01, 50), (r, n) => r.uniforms(n).map((u) => 0.01 + 0.98 * u)],
  ['rectified-flow', new RectifiedFlowProcess(), (r, n) => r.uniforms(n).map((u) => 0.05 + 0.9 * u)],
];

function relErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.add(tf.abs(b), 1))).dataSync()[0]!);
}

describe.each(PROCESSES)('parameterizations on %s', (_name, process, times) => {
  const usable = PARAMETERIZATIONS.filter((p) => p.kind !== 'flow' || process.rates(0.5) !== undefined);
  const rng = new SeededRng(4);
  const n = 64;
  const t = times(rng, n);
  const x0 = randomNormal(rng, [n, 3]);
  const eps = randomNormal(rng, [n, 3]);
  const xt = process.forward(x0, eps, t);

  it.each(usable.map((p) => [p.kind, p] as const))('%s: toPrediction(target) recovers (x0, ε)', (_k, p) => {
    const before = tf.memory().numTensors;
    const out = targetOf(p, { x0, eps, xt, t }, process);
    const pred = p.toPrediction(out, xt, t, process);
    expect(relErr(pred.x0, x0)).toBeLessThan(2e-3);
    expect(relErr(pred.eps, eps)).toBeLessThan(2e-3);
    tf.dispose([out, pred.x0, pred.eps]);
    expect(tf.memory().numTensors).toBe(before);
  });

  const pairs = usable.flatMap((a) => usable.map((b) => [`${a.kind} → ${b.kind}`, a, b] as const));
  it.each(pairs)('%s and back is exact (conversion table of seeds 000/004)', (_k, a, b) => {
    const outA = a.fromPrediction({ x0, eps }, t, process);
    const outB = convertOutput(outA, a, b, xt, t, process);
    const wantB = b.fromPrediction({ x0, eps }, t, process);
    expect(relErr(outB, wantB)).toBeLessThan(2e-3);
    const back = convertOutput(outB, b, a, xt, t, process);
    expect(relErr(back, outA)).toBeLessThan(2e-3);
    tf.dispose([outA, outB, wantB, back]);
  });
});

describe('parameterization formulas', () => {
  const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
  it('v = α·ε − σ·x0 and score = −ε/σ at t = 500', () => {
    const [a, s] = [process.alpha(500), process.sigma(500)];
    const x0 = tf.tensor2d([[0.3, -1.2]]);
    const eps = tf.tensor2d([[1.5, 0.25]]);
    const v = parameterizationOf('v').fromPrediction({ x0, eps }, 500, process).dataSync();
    const score = parameterizationOf('score').fromPrediction({ x0, eps }, 500, process).dataSync();
    expect(v[0]).toBeCloseTo(a * 1.5 - s * 0.3, 6);
    expect(score[1]).toBeCloseTo(-0.25 / s, 5);
  });
  it('rectified flow: the velocity is ε − x0', () => {
    const rf = new RectifiedFlowProcess();
    const x0 = tf.tensor2d([[0.3, -1.2]]);
    const eps = tf.tensor2d([[1.5, 0.25]]);
    const u = Array.from(parameterizationOf('flow').fromPrediction({ x0, eps }, 0.3, rf).dataSync());
    expect(u[0]).toBeCloseTo(1.2, 6);
    expect(u[1]).toBeCloseTo(1.45, 6);
  });
  it('flow needs a continuous-time process', () => {
    const x0 = tf.zeros([1, 2]);
    expect(() => parameterizationOf('flow').fromPrediction({ x0, eps: x0 }, 5, process)).toThrow(
      /continuous-time/,
    );
  });
  it('score loss is weighted by σ_t²', () => {
    expect(Array.from(parameterizationOf('score').lossWeight!(Float64Array.of(10), process))[0]).toBeCloseTo(
      process.sigma(10) ** 2,
      12,
    );
  });
  it('unknown kinds name the known ones', () => {
    expect(() => parameterizationOf('x1')).toThrow(/known kinds: "epsilon", "flow", "sample", "score", "v"/);
  });
  it('a learned-variance output splits on axis 1', () => {
    const p = withLearnedVariance(parameterizationOf('epsilon'));
    const xt = tf.ones([2, 3]);
    const out = tf.concat([tf.zeros([2, 3]), tf.fill([2, 3], 0.5)], 1);
    const pred = p.toPrediction(out, xt, 10, process);
    expect(Array.from(pred.varianceValue!.dataSync())).toEqual(new Array(6).fill(0.5));
    expect(pred.x0.dataSync()[0]).toBeCloseTo(1 / process.alpha(10), 5);
    expect(() => p.toPrediction(tf.zeros([2, 3]), xt, 10, process)).toThrow(/2·3/);
  });
});
