import * as tf from '@tensorflow/tfjs';
import type { Conditioning, PointPrediction, Predictor, Rng } from '@udm/core';
import { randomNormal } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { DivergenceEstimator } from './divergence.js';
import type { OdeIntegrator } from './ode-integrator.js';

/** Options of {@link pfOdeLikelihood}. */
export interface PfOdeLikelihoodOptions {
  /** A continuous-time Gaussian process (it must give dα/dt and dσ/dt). */
  readonly process: GaussianProcess;
  /** G_t (any parameterization), differentiable in x_t by tf.grad. */
  readonly predictor: Predictor<tf.Tensor, PointPrediction>;
  /** The points, [batch, …item]. */
  readonly x: tf.Tensor;
  readonly integrator: OdeIntegrator;
  readonly divergence: DivergenceEstimator;
  /** For the Hutchinson probe (one Gaussian z per example, fixed over the integration). */
  readonly rng: Rng;
  /** Where the integration starts (default max(tMin, 10⁻³): the ODE's drift is singular where σ_t = 0). */
  readonly tStart?: number;
  /**
   * Where it ends (default tMax, or tMax − 10⁻³ where α_tMax = 0: a network's x̂0 = (x − σ·ε̂)/α is singular there).
   */
  readonly tEnd?: number;
  /** log p_tEnd of the end point, per example (default N(0, (α² + σ²)·I) at tEnd, the prior for unit-variance data). */
  readonly priorLogDensity?: (xT: tf.Tensor) => tf.Tensor;
  readonly cond?: Conditioning;
}

/** Per-example NLL in nats and what it is made of. */
export interface PfOdeLikelihoodResult {
  /** −log p_{tStart}(x) per example (nats). */
  readonly nll: Float64Array;
  /** log p_tEnd(x(tEnd)) per example. */
  readonly prior: Float64Array;
  /** ∫ div v dt per example (the log-volume change along the flow). */
  readonly logDet: Float64Array;
  readonly evaluations: number;
  readonly steps: number;
}

/** log N(x; 0, s²I) per example. */
export function standardNormalLogDensity(x: tf.Tensor, std = 1): tf.Tensor {
  return tf.tidy(() => {
    const dim = x.size / x.shape[0]!;
    const sq = tf.sum(tf.square(x).reshape([x.shape[0]!, dim]), 1);
    return tf.sub(tf.mul(sq, -0.5 / (std * std)), dim * (0.5 * Math.log(2 * Math.PI) + Math.log(std)));
  });
}

/**
 * The probability-flow ODE (seed 004) dx/dt = v(x, t) = α'_t·x̂0 + σ'_t·ε̂ (the oracle velocity of §5.4.1 with the
 * model's x̂0) integrated from the data at tStart to T together with the instantaneous change of variables
 * d log p_t(x(t))/dt = −div v: log p_{tStart}(x) = log p_tEnd(x(tEnd)) + ∫ div v(x(t), t) dt (Chen et al. 2018; score SDE
 * appendix D). Exact for the model's ODE up to the integrator's error (and Hutchinson's variance).
 */
export function pfOdeLikelihood(options: PfOdeLikelihoodOptions): PfOdeLikelihoodResult {
  const { process, predictor, x, integrator, divergence, cond } = options;
  const domain = process.time;
  if (domain.kind !== 'continuous' || process.rates(domain.tMax) === undefined) {
    throw new RangeError('likelihood: needs a continuous-time Gaussian process with dα/dt and dσ/dt');
  }
  const tStart = options.tStart ?? Math.max(domain.tMin, 1e-3);
  if (!(tStart >= domain.tMin && tStart < domain.tMax && process.sigma(tStart) > 0)) {
    throw new RangeError(
      `tStart: expected a time in [${domain.tMin}, ${domain.tMax}) with σ > 0, got ${tStart}`,
    );
  }
  const tEnd = options.tEnd ?? (process.alpha(domain.tMax) > 0 ? domain.tMax : domain.tMax - 1e-3);
  if (!(tEnd > tStart && tEnd <= domain.tMax))
    throw new RangeError(`tEnd: expected a time in (${tStart}, ${domain.tMax}], got ${tEnd}`);
  const batch = x.shape[0]!;
  const probe = divergence.usesProbe ? randomNormal(options.rng, x.shape) : undefined;
  const drift = (t: number) => {
    const { dAlpha, dSigma } = process.rates(t)!;
    const [alpha, sigma] = [process.alpha(t), process.sigma(t)];
    return (u: tf.Tensor) => {
      const x0 = predictor.predict(u, t, cond).x0;
      const eps = tf.div(tf.sub(u, tf.mul(x0, alpha)), sigma);
      return tf.add(tf.mul(x0, dAlpha), tf.mul(eps, dSigma));
    };
  };
  const field = (t: number, [u]: readonly tf.Tensor[]): tf.Tensor[] => {
    const { value, divergence: div } = divergence.valueAndDivergence(drift(t), u!, probe);
    return [value, div];
  };
  try {
    const start = [tf.clone(x), tf.zeros([batch])];
    const { y, evaluations, steps } = integrator.integrate(field, start, tStart, tEnd);
    tf.dispose(start);
    const [xT, logDet] = y as [tf.Tensor, tf.Tensor];
    const priorT = options.priorLogDensity
      ? options.priorLogDensity(xT)
      : standardNormalLogDensity(xT, Math.hypot(process.alpha(tEnd), process.sigma(tEnd)));
    const prior = Float64Array.from(priorT.dataSync());
    const det = Float64Array.from(logDet.dataSync());
    tf.dispose([xT, logDet, priorT]);
    const nll = prior.map((p, i) => -(p + det[i]!));
    if (!nll.every(Number.isFinite)) throw new Error('likelihood: the NLL is not finite (the ODE diverged)');
    return { nll, prior, logDet: det, evaluations, steps };
  } finally {
    probe?.dispose();
  }
}
