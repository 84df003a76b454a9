import * as tf from '@tensorflow/tfjs';
import type { TrainingObjective } from '@udm/core';
import type { LossWeighting } from '../objective/loss-weighting.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { distillationTarget, type GaussianPredictor } from './distillation-target.js';
import { distillationTimes } from './distillation-times.js';

export interface DistillationObjectiveOptions {
  /** The frozen teacher (its weights are not trained). */
  readonly teacher: GaussianPredictor;
  /** The student being trained: its `predict` runs on the trained network. */
  readonly student: GaussianPredictor;
  readonly process: GaussianProcess;
  /** N, the student's number of sampling steps (the teacher takes 2N). */
  readonly studentSteps: number;
  /** ω(t) on the x0-error ‖x̃ − x̂0‖² (space "x0"; the paper: truncated SNR, max(SNR, 1)). */
  readonly weighting: LossWeighting;
}

/**
 * One round of progressive distillation (Salimans & Ho 2022, Algorithm 2) as a core `TrainingObjective`, run by
 * core's one `train()`: t = i/N with i ~ U{1..N}, ε ~ q(ε), z_t = F_t(x0, ε), the target x̃ from two teacher DDIM
 * steps t → t′ → t″, and L = ω(t)‖x̃ − x̂0_student(z_t)‖² averaged over the batch. Draws in that order (times, then
 * ε), after the batch.
 */
export function distillationObjective(o: DistillationObjectiveOptions): TrainingObjective {
  return {
    kind: 'progressive-distillation',
    loss(batch, rng) {
      const n = batch.x0.shape[0]!;
      const { t, tMid, tEnd } = distillationTimes(o.process, o.studentSteps, n, rng);
      const w = Float32Array.from(o.weighting.weights(t));
      const eps = o.process.sampleNoise(batch.x0, rng);
      const zt = o.process.forward(batch.x0, eps, t);
      // The teacher's weights are not among the trained variables: no gradient reaches them.
      const target = distillationTarget(o.teacher, o.process, zt, t, tMid, tEnd);
      const sq = tf.squaredDifference(o.student.predict(zt, t).x0, target);
      const axes = Array.from({ length: sq.rank - 1 }, (_, k) => k + 1);
      return tf.mean(tf.mul(axes.length ? tf.mean(sq, axes) : sq, tf.tensor1d(w))) as tf.Scalar;
    },
  };
}
