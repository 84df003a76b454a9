import * as tf from '@tensorflow/tfjs';
import { isInvertible, SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import { testTimes, type ConformanceSubject } from '../subject.js';
import { maxAbsDiff } from './tensor-math.js';

/** F_t⁻¹(x0, F_t(x0, ε)) = ε at every test time (only for invertible processes). */
export function checkInvertibility(subject: ConformanceSubject): CheckResult[] {
  const { process } = subject;
  if (!isInvertible(process)) return [];
  const tol = subject.tolerance ?? 1e-4;
  const rng = new SeededRng(11);
  return testTimes(subject).map((t) => {
    const err = tf.tidy(() => {
      const x0 = subject.makeX0(16, rng);
      const eps = process.sampleNoise(x0, rng);
      return maxAbsDiff(process.inverse(x0, process.forward(x0, eps, t), t), eps);
    });
    return {
      name: `invertibility at t = ${t}`,
      passed: err <= tol,
      detail: `max |F⁻¹(x0, F(x0, ε)) − ε| = ${err.toExponential(2)} (tolerance ${tol})`,
    };
  });
}
