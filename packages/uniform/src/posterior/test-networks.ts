import * as tf from '@tensorflow/tfjs';
import type { Network } from '@udm/core';

/**
 * A network whose logits at position l depend on its neighbours in x_t and on the time: table[x_t^{l−1}] +
 * table[K + 1 + x_t^{l+1}] + sin(3·t·(v + 1)) (id K stands for "outside the sequence"); fixed pseudo-random
 * entries, no weights. For exact-enumeration tests of the NELBO and the steps.
 */
export class NeighbourTimeNetwork implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable> = new Map();
  private readonly table: Float32Array;

  constructor(
    readonly categories: number,
    private readonly timeScale = 1000,
  ) {
    const K = categories;
    this.table = Float32Array.from({ length: 2 * (K + 1) * K }, (_, i) => Math.sin(1.7 * i + 0.3) * 1.5);
  }

  apply(x: tf.Tensor, t: tf.Tensor1D): tf.Tensor {
    const [B, L] = x.shape as [number, number];
    const K = this.categories;
    const ids = x.dataSync();
    const times = t.dataSync();
    const out = new Float32Array(B * L * K);
    for (let b = 0; b < B; b++)
      for (let l = 0; l < L; l++) {
        const left = l > 0 ? ids[b * L + l - 1]! : K;
        const right = l < L - 1 ? ids[b * L + l + 1]! : K;
        const tau = times[b]! / this.timeScale;
        for (let v = 0; v < K; v++)
          out[(b * L + l) * K + v] =
            this.table[left * K + v]! + this.table[(K + 1 + right) * K + v]! + Math.sin(3 * tau * (v + 1));
      }
    return tf.tensor3d(out, [B, L, K]);
  }
}

/**
 * The Bayes-optimal network of a finite data distribution (sequences `rows` with probabilities `weights`) under
 * the uniform-state process: logits log p(x0^l = v | x_t^{¬l}), what the other tokens say about x0^l. In the
 * posterior's Bayes form (× q(x_t^l | v)) they give the exact per-token posterior marginals p(x0^l | x_t), with
 * which the continuous-time NELBO is tight: it equals −log p_data(x0).
 */
export class OracleNetwork implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable> = new Map();

  constructor(
    readonly rows: readonly (readonly number[])[],
    readonly weights: readonly number[],
    readonly categories: number,
    /** α at a network time input. */
    private readonly alphaAt: (input: number) => number,
  ) {}

  apply(x: tf.Tensor, t: tf.Tensor1D): tf.Tensor {
    const [B, L] = x.shape as [number, number];
    const K = this.categories;
    const ids = x.dataSync();
    const times = t.dataSync();
    const out = new Float32Array(B * L * K);
    for (let b = 0; b < B; b++) {
      const a = this.alphaAt(times[b]!);
      const q = (xt: number, x0: number) => a * (xt === x0 ? 1 : 0) + (1 - a) / K;
      const marg = new Float64Array(L * K);
      this.rows.forEach((row, r) => {
        for (let l = 0; l < L; l++) {
          let like = this.weights[r]!;
          for (let m = 0; m < L; m++) if (m !== l) like *= q(ids[b * L + m]!, row[m]!);
          marg[l * K + row[l]!] = marg[l * K + row[l]!]! + like;
        }
      });
      for (let l = 0; l < L; l++) {
        let z = 0;
        for (let v = 0; v < K; v++) z += marg[l * K + v]!;
        for (let v = 0; v < K; v++)
          out[(b * L + l) * K + v] = Math.log(Math.max(marg[l * K + v]! / z, 1e-30));
      }
    }
    return tf.tensor3d(out, [B, L, K]);
  }
}

/** A network with one trainable logit vector [K] shared by every position (for gradient and leak tests). */
export { UnigramLogitsNetwork } from '@udm/testing';
