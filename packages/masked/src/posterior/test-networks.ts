import * as tf from '@tensorflow/tfjs';
import type { Network } from '@udm/core';

/** The unigram test network (fixed logits [V] at every position) is @udm/testing's. */
export { UnigramLogitsNetwork as UnigramNetwork } from '@udm/testing';

/**
 * A network whose logits at position l depend on its neighbours in x_t: table[x_t^{l−1}] + table[V + x_t^{l+1}]
 * (id V stands for "outside the sequence"); fixed pseudo-random entries. For exact-enumeration tests of the NELBO.
 */
export class NeighbourNetwork implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable> = new Map();
  private readonly table: Float32Array;

  constructor(readonly categories: number) {
    const V = categories;
    this.table = Float32Array.from({ length: 2 * (V + 1) * V }, (_, i) => Math.sin(1.7 * i + 0.3) * 1.5);
  }

  apply(x: tf.Tensor): tf.Tensor {
    const [B, L] = x.shape as [number, number];
    const V = this.categories;
    const ids = x.dataSync();
    const out = new Float32Array(B * L * V);
    for (let b = 0; b < B; b++)
      for (let l = 0; l < L; l++) {
        const left = l > 0 ? ids[b * L + l - 1]! : V;
        const right = l < L - 1 ? ids[b * L + l + 1]! : V;
        for (let v = 0; v < V; v++)
          out[(b * L + l) * V + v] = this.table[left * V + v]! + this.table[(V + 1 + right) * V + v]!;
      }
    return tf.tensor3d(out, [B, L, V]);
  }
}
