import * as tf from '@tensorflow/tfjs';
import type { Network } from '@udm/core';

/**
 * A network that ignores x_t and t and returns the same logits [V] at every position: q(x0^l | x_t) is a fixed
 * unigram distribution. For tests of the posterior, the NELBO and the samplers.
 */
export class UnigramNetwork implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly logits: tf.Variable;

  constructor(logits: ArrayLike<number>) {
    this.logits = tf.variable(tf.tensor1d(Float32Array.from(logits)), true);
    this.variables = new Map([['logits', this.logits]]);
  }

  apply(x: tf.Tensor): tf.Tensor {
    const [B, L] = x.shape as [number, number];
    return tf.tidy(() => tf.tile(tf.reshape(this.logits, [1, 1, -1]), [B, L, 1]));
  }

  dispose(): void {
    this.logits.dispose();
  }
}
