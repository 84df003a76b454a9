import * as tf from '@tensorflow/tfjs';

/** η at optimizer step k (0-based); the step count is the optimizer's own, so it is checkpointed with its slots. */
export type LearningRateAt = (step: number) => number;

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, θ ← θ − η_k·λ·θ before each Adam update, and a
 * learning rate η_k read from a schedule at the optimizer's step count k (so a restored optimizer continues the
 * schedule exactly). The decay touches only weights of rank ≥ 2 (matrices, embeddings), not biases or
 * normalisation gains. λ = 0 with a constant schedule is Adam. The moments, step count and checkpoint layout are
 * tfjs's Adam's.
 */
export class AdamW extends tf.AdamOptimizer {
  constructor(
    private readonly rateAt: LearningRateAt,
    readonly weightDecay: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ) {
    super(rateAt(0), beta1, beta2, epsilon);
  }

  override applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    this.learningRate = this.rateAt(this.iterations);
    const shrink = 1 - this.learningRate * this.weightDecay;
    if (shrink !== 1) {
      const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
      tf.tidy(() => {
        for (const name of names) {
          const v = tf.engine().registeredVariables[name];
          if (v && v.rank >= 2) v.assign(tf.mul(v, shrink));
        }
      });
    }
    super.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
  }
}
