import * as tf from '@tensorflow/tfjs';
import { numberIn } from '../config/numbers.js';
import { literal, required, struct, withDefault } from '../config/struct.js';
import { contribution } from '../di/contribution.js';

const learningRate = numberIn(0, 10, { lo: true });

export const adamOptimizer = contribution({
  kind: 'adam',
  description: 'Adam (Kingma & Ba), as tf.train.adam',
  codec: struct('adam optimizer', {
    kind: required(literal('adam')),
    learningRate: withDefault(learningRate, 1e-3),
    beta1: withDefault(numberIn(0, 1, { hi: true }), 0.9),
    beta2: withDefault(numberIn(0, 1, { hi: true }), 0.999),
    epsilon: withDefault(numberIn(0, 1, { lo: true }), 1e-8),
  }),
  create: (c: { learningRate: number; beta1: number; beta2: number; epsilon: number }) =>
    tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon),
});

export const sgdOptimizer = contribution({
  kind: 'sgd',
  description: 'plain stochastic gradient descent',
  codec: struct('sgd optimizer', {
    kind: required(literal('sgd')),
    learningRate: withDefault(learningRate, 1e-2),
  }),
  create: (c: { learningRate: number }) => tf.train.sgd(c.learningRate),
});
