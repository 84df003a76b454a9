import * as tf from '@tensorflow/tfjs';
import { SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import type { ConformanceSubject } from '../subject.js';
import { maxAbsDiff } from './tensor-math.js';

/** t → 0: F_origin(x0, ε) = x0 (the clean end of the process is the data itself). */
export function checkOriginIdentity(subject: ConformanceSubject): CheckResult[] {
  const { process } = subject;
  const tol = subject.tolerance ?? 1e-4;
  const rng = new SeededRng(12);
  const err = tf.tidy(() => {
    const x0 = subject.makeX0(16, rng);
    return maxAbsDiff(process.forward(x0, process.sampleNoise(x0, rng), process.time.origin), x0);
  });
  return [
    {
      name: 'identity at the origin (t → 0)',
      passed: err <= tol,
      detail: `max |F_${process.time.origin}(x0, ε) − x0| = ${err.toExponential(2)}`,
    },
  ];
}
