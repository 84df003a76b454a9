import * as tf from '@tensorflow/tfjs';
import type { LearningRateAt } from './adamw.js';

/** SGD with its learning rate read from a schedule at the optimizer's step count. */
export class ScheduledSgd extends tf.SGDOptimizer {
  constructor(private readonly rateAt: LearningRateAt) {
    super(rateAt(0));
  }

  override applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const rate = this.rateAt(this.iterations);
    if (rate !== this.learningRate) this.setLearningRate(rate);
    super.applyGradients(grads);
  }
}
