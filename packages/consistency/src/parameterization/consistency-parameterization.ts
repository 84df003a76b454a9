import * as tf from '@tensorflow/tfjs';
import { perSample, type Time } from '@udm/core';
import type { CleanAndNoise, GaussianPrediction, GaussianProcess, Parameterization } from '@udm/gaussian';
import { consistencyOut, consistencySkip, SIGMA_DATA } from '../scalings/consistency-scalings.js';
import { boundarySigma } from './boundary-sigma.js';

/** The smallest c_out used where a target is divided by it (c_out = 0 exactly at σ_min). */
const C_OUT_FLOOR = 1e-8;

/** Per-sample (or shared) σ_e = σ_t/α_t of a time, clamped to ≥ σ_min. */
function noiseLevels(t: Time, process: GaussianProcess, sigmaMin: number): Float64Array | number {
  const { alpha, sigma } = process.coefficients(t);
  const level = (a: number, s: number) => Math.max(s / a, sigmaMin);
  if (typeof alpha === 'number' && typeof sigma === 'number') return level(alpha, sigma);
  const n = typeof alpha === 'number' ? (sigma as Float64Array).length : alpha.length;
  const at = (v: Time, i: number) => (typeof v === 'number' ? v : v[i]!);
  return Float64Array.from({ length: n }, (_, i) => level(at(alpha, i), at(sigma, i)));
}

function mapLevels(levels: Float64Array | number, f: (s: number) => number): Float64Array | number {
  return typeof levels === 'number' ? f(levels) : levels.map(f);
}

/** c_skip(σ_e) and c_out(σ_e) at a time of the process, with its boundary σ_min. */
export function consistencyScalingsAt(
  t: Time,
  process: GaussianProcess,
): { readonly skip: Float64Array | number; readonly out: Float64Array | number } {
  const sigmaMin = boundarySigma(process);
  const levels = noiseLevels(t, process, sigmaMin);
  return {
    skip: mapLevels(levels, (s) => consistencySkip(s, sigmaMin, SIGMA_DATA)),
    out: mapLevels(levels, (s) => consistencyOut(s, sigmaMin, SIGMA_DATA)),
  };
}

/**
 * The consistency parameterization (Song et al. 2023): the network gives F_θ and the posterior's x̂0 is the
 * consistency function f_θ(x_e, σ_e) = c_skip(σ_e)·x_e + c_out(σ_e)·F_θ in k-diffusion's coordinates
 * x_e = x_t/α_t, σ_e = σ_t/α_t, with σ_min = `boundarySigma(process)`: f(x_e, σ_min) = x_e for any network.
 * Trained with the denoising objective its loss is ‖x̂0 − x0‖² (λ = c_out²: the EDM-preconditioned x0 loss); the
 * consistency objectives train it as a consistency model.
 */
export const consistencyParameterization: Parameterization = {
  kind: 'consistency',
  description:
    'consistency function x̂0 = c_skip(σ)·x_t/α_t + c_out(σ)·F (σ = σ_t/α_t, σ_data = 0.5; f = x at σ_min)',
  fromPrediction(p: CleanAndNoise, t: Time, process: GaussianProcess): tf.Tensor {
    const { skip, out } = consistencyScalingsAt(t, process);
    const { alpha, sigma } = process.coefficients(t);
    return tf.tidy(() => {
      const rank = p.x0.rank;
      const xe = tf.add(p.x0, tf.mul(p.eps, perSample(divide(sigma, alpha), rank)));
      const residual = tf.sub(p.x0, tf.mul(perSample(skip, rank), xe));
      return tf.div(
        residual,
        perSample(
          mapLevels(out, (c) => Math.max(c, C_OUT_FLOOR)),
          rank,
        ),
      );
    });
  },
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const { skip, out } = consistencyScalingsAt(t, process);
    const { alpha, sigma } = process.coefficients(t);
    const rank = xt.rank;
    const x0 = tf.tidy(() =>
      tf.add(
        tf.mul(perSample(skip, rank), tf.div(xt, perSample(alpha, rank))),
        tf.mul(perSample(out, rank), output),
      ),
    );
    const eps = tf.tidy(() => tf.div(tf.sub(xt, tf.mul(perSample(alpha, rank), x0)), perSample(sigma, rank)));
    return { x0, eps };
  },
  lossWeight(t: Float64Array, process: GaussianProcess): Float64Array {
    const { out } = consistencyScalingsAt(t, process);
    return typeof out === 'number' ? new Float64Array(t.length).fill(out * out) : out.map((c) => c * c);
  },
};

function divide(a: Time, b: Time): Time {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const at = (v: Time, i: number) => (typeof v === 'number' ? v : v[i]!);
  return Float64Array.from({ length: n }, (_, i) => at(a, i) / at(b, i));
}
