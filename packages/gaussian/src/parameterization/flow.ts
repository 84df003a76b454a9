import * as tf from '@tensorflow/tfjs';
import { COEFFICIENT_RATES, describeCapability, mapTime, perSample, type Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

function rates(process: GaussianProcess, t: number): { dAlpha: number; dSigma: number } {
  const r = process.rates(t);
  if (!r) throw new RangeError(`parameterization "flow": needs ${describeCapability(COEFFICIENT_RATES)}`);
  return r;
}

/**
 * Flow matching (seed 004): the network predicts the velocity u = dx_t/dt = α'_t·x0 + σ'_t·ε (ε − x0 for
 * rectified flow). With d = α_t·σ'_t − σ_t·α'_t: x̂0 = (σ'_t·x_t − σ_t·u)/d, ε̂ = (α_t·u − α'_t·x_t)/d.
 */
export const flowParameterization: Parameterization = {
  kind: 'flow',
  description: 'flow-matching velocity u = α′_t x0 + σ′_t ε (continuous time)',
  requires: [COEFFICIENT_RATES],
  fromPrediction(p: CleanAndNoise, t: Time, process: GaussianProcess): tf.Tensor {
    const r = p.x0.rank;
    const da = mapTime(t, (v) => rates(process, v).dAlpha);
    const ds = mapTime(t, (v) => rates(process, v).dSigma);
    return tf.tidy(() => tf.add(tf.mul(perSample(da, r), p.x0), tf.mul(perSample(ds, r), p.eps)));
  },
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const r = xt.rank;
    const coef = (f: (a: number, s: number, da: number, ds: number) => number) =>
      perSample(
        mapTime(t, (v) => {
          const { dAlpha, dSigma } = rates(process, v);
          const a = process.alpha(v);
          const s = process.sigma(v);
          return f(a, s, dAlpha, dSigma) / (a * dSigma - s * dAlpha);
        }),
        r,
      );
    return tf.tidy(() => ({
      x0: tf.sub(
        tf.mul(
          coef((_a, _s, _da, ds) => ds),
          xt,
        ),
        tf.mul(
          coef((_a, s) => s),
          output,
        ),
      ),
      eps: tf.sub(
        tf.mul(
          coef((a) => a),
          output,
        ),
        tf.mul(
          coef((_a, _s, da) => da),
          xt,
        ),
      ),
    }));
  },
};
