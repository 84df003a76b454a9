import * as tf from '@tensorflow/tfjs';
import { SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import { testTimes, type ConformanceSubject } from '../subject.js';

function moments(x: tf.Tensor): { mean: Float32Array; std: Float32Array } {
  return tf.tidy(() => {
    const flat = tf.reshape(x, [x.shape[0]!, -1]);
    const { mean, variance } = tf.moments(flat, 0);
    return { mean: mean.dataSync() as Float32Array, std: tf.sqrt(variance).dataSync() as Float32Array };
  });
}

/**
 * The seed's marginal constraint (002, eq. 10): with the *true* x0 as the prediction, x_t = F_t(x0, ε) and
 * x_s = step(x_t, x0, t, s) must be distributed as F_s(x0, ε'). Checked on `n` copies of one example by comparing
 * per-coordinate means and standard deviations within `z` standard errors.
 */
export function checkMarginalConstraint(subject: ConformanceSubject, n = 4000, z = 5): CheckResult[] {
  const { process } = subject;
  const times = testTimes(subject).sort((a, b) => b - a);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < times.length; i++) pairs.push([times[i]!, times[i + 1]!]);
  pairs.push([times[Math.floor(times.length / 2)]!, process.time.origin]);
  const tol = subject.tolerance ?? 1e-4;
  const results: CheckResult[] = [];
  for (const { name, step } of subject.steps ?? []) {
    for (const [t, s] of pairs) {
      const rng = new SeededRng(15);
      const worst = tf.tidy(() => {
        const one = subject.makeX0(1, rng);
        const x0 = tf.tile(one, [n, ...new Array<number>(one.rank - 1).fill(1)]);
        const xt = process.forward(x0, process.sampleNoise(x0, rng), t);
        const a = moments(step.step(xt, { x0 }, t, s, rng));
        const b = moments(process.forward(x0, process.sampleNoise(x0, rng), s));
        let score = 0;
        for (let i = 0; i < a.mean.length; i++) {
          const sd = Math.max(a.std[i]!, b.std[i]!);
          const meanErr = Math.abs(a.mean[i]! - b.mean[i]!) / (z * sd * Math.sqrt(2 / n) + tol);
          const stdErr = Math.abs(a.std[i]! - b.std[i]!) / (z * sd * Math.sqrt(1 / n) + tol);
          score = Math.max(score, meanErr, stdErr);
        }
        return score;
      });
      results.push({
        name: `marginal constraint of "${name}" for ${t} → ${s}`,
        passed: worst <= 1,
        detail: `worst moment error = ${worst.toFixed(3)} of the allowed ${z} standard errors (n = ${n})`,
      });
    }
  }
  return results;
}
