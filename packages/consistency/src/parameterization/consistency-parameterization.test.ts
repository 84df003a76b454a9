import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, randomNormal } from '@udm/core';
import {
  alphasCumprod,
  CosineAlphaBar,
  LinearSchedule,
  RectifiedFlowProcess,
  VpContinuousProcess,
  VpProcess,
} from '@udm/gaussian';
import { maxAbsDiff } from '@udm/testing';
import { consistencyOut, consistencySkip } from '../scalings/consistency-scalings.js';
import { boundarySigma } from './boundary-sigma.js';
import { consistencyParameterization as cp } from './consistency-parameterization.js';

await tf.setBackend('cpu');

const PROCESSES = [
  ['vp-continuous cosine', new VpContinuousProcess(new CosineAlphaBar())],
  ['vp discrete linear', new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)))],
  ['rectified flow', new RectifiedFlowProcess()],
] as const;

describe('consistency parameterization', () => {
  for (const [name, process] of PROCESSES) {
    it(`${name}: f(x, σ_min) = x for any network output (the boundary condition)`, () => {
      const rng = new SeededRng(3);
      const xt = randomNormal(rng, [16, 2]);
      const output = tf.mul(randomNormal(rng, [16, 2]), 100);
      const t = process.time.tMin;
      const before = tf.memory().numTensors;
      const { x0, eps } = cp.toPrediction(output, xt, t, process);
      expect(tf.memory().numTensors).toBe(before + 2);
      const xe = tf.div(xt, process.alpha(t));
      expect(maxAbsDiff(x0, xe)).toBeLessThan(1e-6);
      tf.dispose([xt, output, x0, eps, xe]);
    });
  }

  it('x̂0 = c_skip(σ)x_e + c_out(σ)F per sample; target and prediction invert; λ = c_out² gives ‖x̂0 − x0‖²', () => {
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const sigmaMin = boundarySigma(process);
    expect(sigmaMin).toBeCloseTo(process.sigma(1e-3) / process.alpha(1e-3), 15);
    const rng = new SeededRng(4);
    const t = Float64Array.from([0.1, 0.4, 0.7, 0.95]);
    const x0 = randomNormal(rng, [4, 3]);
    const eps = randomNormal(rng, [4, 3]);
    const xt = process.forward(x0, eps, t);
    const output = randomNormal(rng, [4, 3]);
    const pred = cp.toPrediction(output, xt, t, process);
    // By hand, per sample.
    const [xtv, ov, pv] = [
      xt.arraySync() as number[][],
      output.arraySync() as number[][],
      pred.x0.arraySync() as number[][],
    ];
    t.forEach((ti, i) => {
      const level = process.sigma(ti) / process.alpha(ti);
      const [skip, out] = [consistencySkip(level, sigmaMin), consistencyOut(level, sigmaMin)];
      for (let d = 0; d < 3; d++) {
        const want = skip * (xtv[i]![d]! / process.alpha(ti)) + out * ov[i]![d]!;
        expect(pv[i]![d]!).toBeCloseTo(want, 4);
      }
    });
    const target = cp.fromPrediction({ x0, eps }, t, process);
    const back = cp.toPrediction(target, xt, t, process);
    expect(maxAbsDiff(back.x0, x0)).toBeLessThan(1e-4);
    const w = cp.lossWeight!(t, process);
    const weighted = tf.mul(tf.squaredDifference(output, target), tf.tensor2d(Array.from(w, (v) => [v])));
    const direct = tf.squaredDifference(pred.x0, x0);
    expect(maxAbsDiff(weighted, direct)).toBeLessThan(1e-4);
    tf.dispose([x0, eps, xt, output, pred.x0, pred.eps, target, back.x0, back.eps, weighted, direct]);
  });
});
