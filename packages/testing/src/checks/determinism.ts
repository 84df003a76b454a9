import * as tf from '@tensorflow/tfjs';
import { SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import { testTimes, type ConformanceSubject } from '../subject.js';
import { identical } from './tensor-math.js';

/** The same seed gives bit-identical noise, forward samples, priors and steps. */
export function checkDeterminism(subject: ConformanceSubject): CheckResult[] {
  const { process } = subject;
  const t = testTimes(subject).at(-1)!;
  const run = (seed: number): tf.Tensor[] => {
    const rng = new SeededRng(seed);
    const x0 = subject.makeX0(8, rng);
    const eps = process.sampleNoise(x0, rng);
    const xt = process.forward(x0, eps, t);
    const out = [x0, eps, xt, process.prior(x0.shape, rng)];
    for (const { step } of subject.steps ?? []) {
      out.push(step.step(xt, { x0 }, t, process.time.origin, rng));
    }
    return out;
  };
  const ok = tf.tidy(() => {
    const a = run(5);
    const b = run(5);
    return a.every((x, i) => identical(x, b[i]!));
  });
  return [
    {
      name: 'same seed → same result',
      passed: ok,
      detail: ok ? 'bit-identical' : 'results differ between runs',
    },
  ];
}
