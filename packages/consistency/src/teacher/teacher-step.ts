import * as tf from '@tensorflow/tfjs';
import { perSample } from '@udm/core';
import type { SigmaDenoiser } from '../consistency-function/sigma-denoiser.js';

/**
 * One step of the probability-flow ODE dx/dσ = (x − D(x, σ))/σ (EDM, k-diffusion coordinates) from σ_{n+1} down to
 * σ_n per sample: the teacher's move x̂_{σ_n} = Φ(x_{σ_{n+1}}, σ_{n+1}; φ) in consistency distillation.
 */
export interface TeacherStep {
  readonly kind: string;
  readonly description: string;
  /** Teacher evaluations per step. */
  readonly evaluations: number;
  step(denoise: SigmaDenoiser, x: tf.Tensor, from: Float64Array, to: Float64Array): tf.Tensor;
}

function slope(denoise: SigmaDenoiser, x: tf.Tensor, sigma: Float64Array): tf.Tensor {
  return tf.tidy(() => tf.div(tf.sub(x, denoise(x, sigma)), perSample(sigma, x.rank)));
}

function checkLevels(from: Float64Array, to: Float64Array): Float64Array {
  if (from.length !== to.length) throw new RangeError('teacher step: from and to differ in length');
  from.forEach((f, i) => {
    if (!(f > 0 && to[i]! >= 0))
      throw new RangeError(`teacher step: expected σ_from > 0, σ_to ≥ 0, got ${f}, ${to[i]}`);
  });
  return from.map((f, i) => to[i]! - f);
}

/** Euler: x_n = x_{n+1} + (σ_n − σ_{n+1})·d, d = (x_{n+1} − D(x_{n+1}, σ_{n+1}))/σ_{n+1}. */
export const eulerTeacherStep: TeacherStep = {
  kind: 'euler',
  description: 'Euler on the PF-ODE in σ (1 teacher evaluation)',
  evaluations: 1,
  step(denoise, x, from, to) {
    const h = checkLevels(from, to);
    return tf.tidy(() => tf.add(x, tf.mul(slope(denoise, x, from), perSample(h, x.rank))));
  },
};

/** Heun (EDM's 2nd order): the Euler proposal x', then x_n = x_{n+1} + (σ_n − σ_{n+1})·(d + d')/2 (Euler into σ = 0). */
export const heunTeacherStep: TeacherStep = {
  kind: 'heun',
  description: 'Heun (EDM 2nd order) on the PF-ODE in σ (2 teacher evaluations)',
  evaluations: 2,
  step(denoise, x, from, to) {
    const h = checkLevels(from, to);
    if (to.some((s) => s === 0)) return eulerTeacherStep.step(denoise, x, from, to);
    return tf.tidy(() => {
      const d = slope(denoise, x, from);
      const hh = perSample(h, x.rank);
      const proposal = tf.add(x, tf.mul(d, hh));
      const d2 = slope(denoise, proposal, to);
      return tf.add(x, tf.mul(tf.mul(tf.add(d, d2), 0.5), hh));
    });
  },
};

/** The teacher steps by kind (`solver` of `consistency-distillation`). */
export const TEACHER_STEPS: Readonly<Record<string, TeacherStep>> = Object.freeze(
  Object.fromEntries([eulerTeacherStep, heunTeacherStep].map((s) => [s.kind, s])),
);
