import * as tf from '@tensorflow/tfjs';
import { isInvertible, SeededRng } from '@udm/core';
import type { CheckResult } from '../check-result.js';
import { testTimes, type ConformanceSubject } from '../subject.js';

/** Repeated forward / inverse / prior / step calls leave `tf.memory().numTensors` unchanged once results are disposed. */
export function checkNoLeaks(subject: ConformanceSubject, repeats = 20): CheckResult[] {
  const { process } = subject;
  const rng = new SeededRng(14);
  const x0 = subject.makeX0(8, rng);
  const t = testTimes(subject).at(-1)!;
  const once = (): void => {
    const eps = process.sampleNoise(x0, rng);
    const xt = process.forward(x0, eps, t);
    const garbage = [eps, xt, process.prior(x0.shape, rng)];
    if (isInvertible(process)) garbage.push(process.inverse(x0, xt, t));
    for (const { step } of subject.steps ?? [])
      garbage.push(step.step(xt, { x0 }, t, process.time.origin, rng));
    tf.dispose(garbage);
  };
  once();
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) once();
  const after = tf.memory().numTensors;
  x0.dispose();
  return [
    {
      name: 'no tensor leaks',
      passed: after === before,
      detail: `numTensors ${before} → ${after} over ${repeats} rounds`,
    },
  ];
}
