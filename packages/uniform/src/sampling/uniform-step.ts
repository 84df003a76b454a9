import * as tf from '@tensorflow/tfjs';
import { type CategoricalPrediction, type ConditionalStep, type Rng, sampleCategorical } from '@udm/core';
import { reverseProbabilities } from '../posterior/transitions.js';
import type { UniformStateForward } from '../process/uniform-state.js';

const EXACT = { temperature: 1, topP: 1 } as const;

/**
 * The ancestral step of the uniform-state process for any s < t: every token x_s^l is drawn from
 *   p_θ(x_s^l | x_t) = Σ_z q(x_s^l | x_t^l, x0 = z)·p_θ(x0^l = z | x_t)      (`reverseProbabilities`)
 * in float64 by inverse CDF (one `rng.uniform()` per token, sequence-major order). A temperature τ ≠ 1 sharpens
 * (τ < 1) or flattens p_θ(x0 | x_t) to ∝ p^{1/τ} before the mixture. At s = origin the draw is x0 ~ p_θ(x0 | x_t).
 */
export class UniformStep implements ConditionalStep<tf.Tensor, CategoricalPrediction> {
  constructor(
    readonly process: UniformStateForward,
    readonly temperature = 1,
  ) {
    if (!(temperature > 0 && Number.isFinite(temperature)))
      throw new RangeError(`temperature: expected a finite number > 0, got ${temperature}`);
  }

  step(xt: tf.Tensor, prediction: CategoricalPrediction, t: number, s: number, rng: Rng): tf.Tensor {
    if (!(s < t)) throw new RangeError(`step: expected s < t, got t = ${t}, s = ${s}`);
    const K = this.process.categories;
    const ids = Int32Array.from(xt.dataSync());
    const n = ids.length;
    const logp = prediction.logProbs.dataSync();
    if (logp.length !== n * K) {
      throw new RangeError(
        `step: prediction.logProbs has ${logp.length} values, expected [${xt.shape.join(', ')}, ${K}] = ${n * K}`,
      );
    }
    const alphaT = this.process.alpha(t);
    const alphaS = this.process.alpha(s);
    const probs = new Float64Array(K);
    const logq = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let v = 0; v < K; v++) max = Math.max(max, logp[i * K + v]!);
      let z = 0;
      for (let v = 0; v < K; v++) z += probs[v] = Math.exp((logp[i * K + v]! - max) / this.temperature);
      for (let v = 0; v < K; v++) probs[v] = probs[v]! / z;
      const p = reverseProbabilities(ids[i]!, probs, alphaT, alphaS, K);
      for (let v = 0; v < K; v++) logq[v] = p[v]! > 0 ? Math.log(p[v]!) : -Infinity;
      ids[i] = sampleCategorical(logq, 0, K, EXACT, rng).id;
    }
    return tf.tensor(ids, xt.shape, 'int32');
  }
}
