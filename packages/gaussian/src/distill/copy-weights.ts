import * as tf from '@tensorflow/tfjs';
import type { Network } from '@udm/core';

/** θ_to ← θ_from, variable by variable (same architecture); fails naming the first mismatch. */
export function copyWeights(from: Network, to: Network): void {
  for (const [name, v] of to.variables) {
    const src = from.variables.get(name);
    if (!src) throw new Error(`copyWeights: the source network has no variable "${name}"`);
    if (!tf.util.arraysEqual(src.shape, v.shape)) {
      throw new Error(
        `copyWeights: "${name}" has shape [${src.shape.join(', ')}], expected [${v.shape.join(', ')}]`,
      );
    }
    v.assign(src);
  }
}
