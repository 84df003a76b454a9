import * as tf from '@tensorflow/tfjs';
import { numberIn } from '../config/numbers.js';
import { literal, optional, required, struct, withDefault } from '../config/struct.js';
import { contribution } from '../di/contribution.js';
import type { OptimizerDeps } from '../di/extension-points.js';
import { AdamW, type LearningRateAt } from '../training/adamw.js';
import {
  learningRateFactor,
  learningRateScheduleCodec,
  type LearningRateSchedule,
} from '../training/learning-rate-schedule.js';
import { ScheduledSgd } from '../training/scheduled-sgd.js';

const learningRate = numberIn(0, 10, { lo: true });

const adamFields = {
  learningRate: withDefault(learningRate, 1e-3),
  beta1: withDefault(numberIn(0, 1, { hi: true }), 0.9),
  beta2: withDefault(numberIn(0, 1, { hi: true }), 0.999),
  epsilon: withDefault(numberIn(0, 1, { lo: true }), 1e-8),
  /** Warmup and decay of the learning rate (none: constant). */
  schedule: optional(learningRateScheduleCodec),
};

/** η_k = η₀·f(k) for a schedule (constant without one); the decay ends at `train.steps` unless it says otherwise. */
function rateAt(
  base: number,
  schedule: LearningRateSchedule | undefined,
  deps: OptimizerDeps,
): LearningRateAt {
  return schedule ? (k) => base * learningRateFactor(schedule, k, deps.steps) : () => base;
}

interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  schedule?: LearningRateSchedule | undefined;
}

export const adamOptimizer = contribution({
  kind: 'adam',
  description: 'Adam (Kingma & Ba), as tf.train.adam; optional learning-rate warmup/decay (`schedule`)',
  codec: struct('adam optimizer', { kind: required(literal('adam')), ...adamFields }),
  create: (c: AdamConfig, deps: OptimizerDeps) =>
    c.schedule
      ? new AdamW(rateAt(c.learningRate, c.schedule, deps), 0, c.beta1, c.beta2, c.epsilon)
      : tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon),
});

export const adamwOptimizer = contribution({
  kind: 'adamw',
  description:
    'AdamW: Adam with decoupled weight decay λ on weights of rank ≥ 2; optional learning-rate warmup/decay',
  codec: struct('adamw optimizer', {
    kind: required(literal('adamw')),
    ...adamFields,
    weightDecay: withDefault(numberIn(0, 1), 0.01),
  }),
  create: (c: AdamConfig & { weightDecay: number }, deps: OptimizerDeps) =>
    new AdamW(rateAt(c.learningRate, c.schedule, deps), c.weightDecay, c.beta1, c.beta2, c.epsilon),
});

export const sgdOptimizer = contribution({
  kind: 'sgd',
  description: 'plain stochastic gradient descent; optional learning-rate warmup/decay (`schedule`)',
  codec: struct('sgd optimizer', {
    kind: required(literal('sgd')),
    learningRate: withDefault(learningRate, 1e-2),
    schedule: optional(learningRateScheduleCodec),
  }),
  create: (c: { learningRate: number; schedule?: LearningRateSchedule | undefined }, deps: OptimizerDeps) =>
    c.schedule ? new ScheduledSgd(rateAt(c.learningRate, c.schedule, deps)) : tf.train.sgd(c.learningRate),
});
