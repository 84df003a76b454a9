import * as tf from '@tensorflow/tfjs';
import { SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import { testTimes, type ConformanceSubject } from '../subject.js';

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** F_t keeps the data's shape and dtype for shared and per-sample t; the prior has the requested shape. */
export function checkShapes(subject: ConformanceSubject): CheckResult[] {
  const { process } = subject;
  const rng = new SeededRng(13);
  const problems = tf.tidy(() => {
    const out: string[] = [];
    const x0 = subject.makeX0(8, rng);
    const eps = process.sampleNoise(x0, rng);
    for (const t of testTimes(subject)) {
      const xt = process.forward(x0, eps, t);
      if (!same(xt.shape, x0.shape) || xt.dtype !== x0.dtype)
        out.push(`F_${t} gave ${xt.dtype}[${xt.shape}]`);
    }
    const perSample = process.time.sample(8, rng);
    const xs = process.forward(x0, eps, perSample);
    if (!same(xs.shape, x0.shape)) out.push(`per-sample t gave [${xs.shape}]`);
    const prior = process.prior(x0.shape, rng);
    if (!same(prior.shape, x0.shape) || prior.dtype !== x0.dtype)
      out.push(`prior gave ${prior.dtype}[${prior.shape}]`);
    return out;
  });
  return [
    {
      name: 'shapes and dtypes',
      passed: problems.length === 0,
      detail:
        problems.length === 0
          ? 'forward, per-sample forward and prior keep x0’s shape and dtype'
          : problems.join('; '),
    },
  ];
}
