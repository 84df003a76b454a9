import * as tf from '@tensorflow/tfjs';
import {
  type CategoricalPrediction,
  type Conditioning,
  type ForwardSample,
  type Network,
  type PosteriorModel,
  type Time,
  timesPerSample,
} from '@udm/core';
import type { UniformStateForward } from '../process/uniform-state.js';
import { priorKl } from './transitions.js';
import { continuousNelboTerms, stepKlTerms } from './nelbo-terms.js';

/** The floor of log q(x_t | z) where it is 0 (only at the origin, which no estimator draws). */
const LOG_FLOOR = -1e9;

/**
 * G_t for the uniform-state process: the factorised categorical p_θ(x0^l | x_t) of seed 002 eq. 58 in Bayes form,
 *   p_θ(x0^l = z | x_t) ∝ q(x_t^l | x0^l = z) · Softmax(NN_θ(x_t, t))_z,   q(x_t^l | z) = α_t·1[z = x_t^l] + (1 − α_t)/K,
 * the exact shape of the true posterior (p(x0^l | x_t) ∝ q(x_t^l | x0^l)·p(x0^l | x_t^{¬l}), the noise being
 * independent per token), so the network models what the other tokens say about x0^l and the known likelihood of
 * the token itself is not learned. It is SUBS' carry-over for uniform noise: as t → 0 the prediction concentrates on
 * x_t^l, which keeps the continuous-time NELBO finite. Logits beyond K (e.g. a tokenizer's [MASK] id) are dropped. The training loss is the NELBO per token (nats): continuous time (D3PM-uniform's CTMC limit,
 * `continuousNelboTerms`) or, on a discrete clock, T·KL(q(x_{t−1} | x_t, x0) ‖ p_θ(x_{t−1} | x_t)) with
 * t ~ U{0..T−1} (`stepKlTerms`); both add the prior term KL(q(x_1 | x0) ‖ Uniform).
 */
export class UniformPosterior implements PosteriorModel<tf.Tensor, CategoricalPrediction> {
  constructor(
    readonly process: UniformStateForward,
    readonly network: Network,
  ) {}

  /** log p_θ(x0^l = z | x_t) in Bayes form, float32 [B, L, K]. */
  logProbs(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const [B, L] = xt.shape as [number, number];
      const K = this.process.categories;
      const logits = this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, B)), cond);
      if (logits.rank !== 3 || logits.shape[0] !== B || logits.shape[1] !== L || logits.shape[2]! < K) {
        throw new RangeError(
          `posterior "uniform": the network must return logits [${B}, ${L}, ≥ ${K}], got [${logits.shape.join(', ')}]`,
        );
      }
      const kept = logits.shape[2] === K ? logits : tf.slice(logits, [0, 0, 0], [B, L, K]);
      const alpha = timesPerSample(t, B).map((v) => this.process.alpha(v));
      const log = (v: number) => (v > 0 ? Math.log(v) : LOG_FLOOR);
      const logHit = tf.tensor3d(
        Float32Array.from(alpha, (a) => log(a + (1 - a) / K)),
        [B, 1, 1],
      );
      const logMiss = tf.tensor3d(
        Float32Array.from(alpha, (a) => log((1 - a) / K)),
        [B, 1, 1],
      );
      const hit = tf.oneHot(tf.cast(xt, 'int32'), K);
      const likelihood = tf.add(tf.mul(hit, tf.sub(logHit, logMiss)), logMiss); // log q(x_t^l | z)
      return tf.logSoftmax(tf.add(kept, likelihood));
    });
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): CategoricalPrediction {
    return tf.tidy(() => {
      const logProbs = this.logProbs(xt, t, cond);
      return { logProbs, x0: tf.cast(tf.argMax(logProbs, -1), 'int32') };
    });
  }

  /** The per-token NELBO term at each sample's time t (nats, float32 [B, L]), without the prior term. */
  tokenNelbo(xt: tf.Tensor, x0: tf.Tensor, t: Float64Array, cond?: Conditioning): tf.Tensor {
    const p = this.process;
    const K = p.categories;
    return tf.tidy(() => {
      const logProbs = this.logProbs(xt, t, cond);
      if (p.time.kind === 'discrete') {
        // D3PM: the sum over the T steps, estimated by T·KL at t ~ U{0..T−1} (s = t − 1; s = −1 is the origin).
        const T = p.time.tMax + 1;
        const alphaT = Float64Array.from(t, (v) => p.alpha(v));
        const alphaS = Float64Array.from(t, (v) => p.alpha(v - 1));
        return tf.mul(stepKlTerms(logProbs, xt, x0, alphaT, alphaS), T);
      }
      const tau = Float64Array.from(t, (v) => p.progress(v));
      const alpha = tau.map((v) => p.schedule.alpha(v));
      const u = alpha.map((a) => (1 - a) / K);
      const weight = tau.map((v, i) => {
        const a = alpha[i]!;
        // β/(1 − α) = −α′/(α(1 − α)); at α = 0 the bracket is exactly 0 (all rates agree), at α = 1 no time passed.
        return a <= 0 || a >= 1 ? 0 : -p.schedule.alphaDerivative(v) / (a * (1 - a));
      });
      return continuousNelboTerms(logProbs, xt, x0, alpha, u, weight);
    });
  }

  /** Each sequence's NELBO estimate in nats, float32 [B]: Σ_l (the time's term + the prior term). */
  sequenceNelbo(sample: ForwardSample, cond?: Conditioning): tf.Tensor {
    const p = this.process;
    const L = sample.x0.shape.slice(1).reduce((a, b) => a * b, 1);
    const prior = L * priorKl(p.alpha(p.time.tMax), p.categories);
    return tf.tidy(() => tf.add(tf.sum(this.tokenNelbo(sample.xt, sample.x0, sample.t, cond), -1), prior));
  }

  /** The NELBO per token (nats), averaged over the batch. */
  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const L = sample.x0.shape.slice(1).reduce((a, b) => a * b, 1);
      return tf.div(tf.mean(this.sequenceNelbo(sample, cond)), L) as tf.Scalar;
    });
  }
}
