import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, randomNormal } from '@udm/core';
import { convertOutput, targetOf, type Parameterization } from '../parameterization/parameterization.js';
import { epsilonParameterization } from '../parameterization/epsilon.js';
import { flowParameterization } from '../parameterization/flow.js';
import { sampleParameterization } from '../parameterization/sample.js';
import { scoreParameterization } from '../parameterization/score.js';
import { vParameterization } from '../parameterization/v.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { VeProcess } from '../process/ve-process.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { CosineAlphaBar } from '../schedules/continuous/cosine-alpha-bar.js';
import { spaceFactor, targetCoefficients } from './target-coefficients.js';
import { TrainingObjective } from './training-objective.js';
import { UniformTime } from './uniform-time.js';
import { constantWeighting } from './weighting-contributions.js';

await tf.setBackend('cpu');
await tf.ready();

const vp = new VpContinuousProcess(new CosineAlphaBar());
const PROCESSES: [string, GaussianProcess][] = [
  ['vp-continuous (cosine)', vp],
  ['ve', new VeProcess(0.01, 50)],
  ['rectified flow', new RectifiedFlowProcess(0, 1)],
];
const TIMES = Float64Array.from([0.05, 0.2, 0.45, 0.7, 0.9]);

describe('(A_t, B_t): the regression target of seed 004’s table, read off each parameterization', () => {
  it.each(PROCESSES)(
    '%s: clean (1, 0), noise (0, 1), score (0, −1/σ), velocity (α′, σ′), v (−σ, α)',
    (_n, p) => {
      const rows: [Parameterization, (t: number) => [number, number]][] = [
        [sampleParameterization, () => [1, 0]],
        [epsilonParameterization, () => [0, 1]],
        [scoreParameterization, (t) => [0, -1 / p.sigma(t)]],
        [flowParameterization, (t) => [p.rates(t)!.dAlpha, p.rates(t)!.dSigma]],
        [vParameterization, (t) => [-p.sigma(t), p.alpha(t)]],
      ];
      for (const [param, expected] of rows) {
        const { A, B } = targetCoefficients(param, TIMES, p);
        TIMES.forEach((t, i) => {
          const [a, b] = expected(t);
          expect(A[i]).toBeCloseTo(a, 4);
          expect(B[i]! / (Math.abs(b) > 1 ? Math.abs(b) : 1)).toBeCloseTo(
            b / (Math.abs(b) > 1 ? Math.abs(b) : 1),
            5,
          );
        });
      }
    },
  );
});

/** Per-sample ‖NN − target‖² of parameterization `p` for the network output that corresponds to ε̂. */
function lossOf(
  p: Parameterization,
  epsHat: tf.Tensor,
  x0: tf.Tensor,
  eps: tf.Tensor,
  t: Float64Array,
  process: GaussianProcess,
) {
  const loss = tf.tidy(() => {
    const xt = process.forward(x0, eps, t);
    const out = convertOutput(epsHat, epsilonParameterization, p, xt, t, process);
    return tf.sum(tf.squaredDifference(out, targetOf(p, { x0, eps, xt, t }, process)), 1);
  });
  const values = Float64Array.from(loss.dataSync());
  loss.dispose();
  return values;
}

describe('seed 004 § 5.3.1: the four losses differ only by a time weighting', () => {
  const rng = new SeededRng(3);
  const n = TIMES.length;
  const x0 = randomNormal(rng, [n, 4]);
  const eps = randomNormal(rng, [n, 4]);
  const epsHat = tf.tidy(() => tf.add(eps, tf.mul(randomNormal(rng, [n, 4]), 0.3)));

  it('on random tensors: x0-loss·SNR = ε-loss, score-loss = ε-loss/σ², v-loss = (1 + SNR)·x0-loss (VP), velocity-loss = ((α′σ − ασ′)/α)²·ε-loss', () => {
    const p = vp;
    const e = lossOf(epsilonParameterization, epsHat, x0, eps, TIMES, p);
    const x = lossOf(sampleParameterization, epsHat, x0, eps, TIMES, p);
    const s = lossOf(scoreParameterization, epsHat, x0, eps, TIMES, p);
    const v = lossOf(vParameterization, epsHat, x0, eps, TIMES, p);
    const u = lossOf(flowParameterization, epsHat, x0, eps, TIMES, p);
    TIMES.forEach((t, i) => {
      const a = p.alpha(t);
      const sg = p.sigma(t);
      const snr = (a * a) / (sg * sg);
      const { dAlpha, dSigma } = p.rates(t);
      expect((x[i]! * snr) / e[i]!).toBeCloseTo(1, 3);
      expect(s[i]! / (e[i]! / (sg * sg))).toBeCloseTo(1, 3);
      expect(v[i]! / ((1 + snr) * x[i]!)).toBeCloseTo(1, 3);
      expect(u[i]! / (((dAlpha * sg - a * dSigma) / a) ** 2 * e[i]!)).toBeCloseTo(1, 3);
    });
  });

  it.each(PROCESSES)('%s: spaceFactor gives the same factors generically (ε and x0 spaces)', (_n, p) => {
    const e = lossOf(epsilonParameterization, epsHat, x0, eps, TIMES, p);
    for (const param of [
      sampleParameterization,
      scoreParameterization,
      vParameterization,
      flowParameterization,
    ]) {
      const loss = lossOf(param, epsHat, x0, eps, TIMES, p);
      const coef = targetCoefficients(param, TIMES, p);
      const rEps = spaceFactor('epsilon', coef, TIMES, p);
      const rX0 = spaceFactor('x0', coef, TIMES, p);
      const x = lossOf(sampleParameterization, epsHat, x0, eps, TIMES, p);
      TIMES.forEach((_t, i) => {
        expect(loss[i]! / (rEps[i]! * e[i]!)).toBeCloseTo(1, 3);
        expect(loss[i]! / (rX0[i]! * x[i]!)).toBeCloseTo(1, 3);
      });
    }
  });

  it('same gradient up to the factor: ∇θ of each parameterization’s loss = r_ε(t)·∇θ of the ε-loss; with ω on ε all equal', () => {
    const p = vp;
    const t = 0.35;
    const tt = new Float64Array(16).fill(t);
    const r2 = new SeededRng(9);
    const xb = randomNormal(r2, [16, 3]);
    const eb = randomNormal(r2, [16, 3]);
    const w = tf.variable(tf.mul(randomNormal(r2, [3, 3]), 0.5));
    const xt = p.forward(xb, eb, tt);
    const grad = (param: Parameterization, space: 'output' | 'epsilon'): Float32Array => {
      const objective = new TrainingObjective(
        param,
        p,
        new UniformTime(p.time),
        constantWeighting.create({ kind: 'constant', value: 1, space } as never, { process: p }) as never,
      );
      const { grads, value } = tf.variableGrads(() => {
        const out = convertOutput(tf.matMul(xt, w), epsilonParameterization, param, xt, tt, p);
        const sq = tf.squaredDifference(out, targetOf(param, { x0: xb, eps: eb, xt, t: tt }, p));
        return objective.loss(sq, tt);
      }, [w]);
      const g = Float32Array.from(grads[w.name]!.dataSync());
      tf.dispose([value, ...Object.values(grads)]);
      return g;
    };
    const gEps = grad(epsilonParameterization, 'output');
    for (const param of [
      sampleParameterization,
      scoreParameterization,
      vParameterization,
      flowParameterization,
    ]) {
      const r = spaceFactor('epsilon', targetCoefficients(param, tt, p), tt, p)[0]!;
      const g = grad(param, 'output');
      const gMatched = grad(param, 'epsilon');
      g.forEach((v, i) => {
        expect(v / (r * gEps[i]!)).toBeCloseTo(1, 2);
        expect(gMatched[i]! / gEps[i]!).toBeCloseTo(1, 2);
      });
    }
    tf.dispose([w, xb, eb, xt]);
  });
});
