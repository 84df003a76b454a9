import type * as tf from '@tensorflow/tfjs';
import type { GaussianProcess } from '../process/gaussian-process.js';

/**
 * k-diffusion's denoiser contract in the process's own coordinates: D(x_t, t) → x̂0 = E[x0 | x_t]. Any
 * parameterization gives one (through its x̂0), and so does an oracle.
 */
export type Denoiser = (xt: tf.Tensor, t: number) => tf.Tensor;

/** N(0, I) draws of a given shape: the injectable noise of stochastic solvers (k-diffusion's `noise_sampler`). */
export type NoiseSource = (shape: readonly number[]) => tf.Tensor;

/** What a solver step sees. `x0` is D(x, t), already evaluated; `previous` is the last step's (t, x̂0). */
export interface OdeStepInput {
  readonly process: GaussianProcess;
  readonly x: tf.Tensor;
  readonly t: number;
  readonly s: number;
  readonly x0: tf.Tensor;
  readonly denoise: Denoiser;
  readonly previous?: { readonly t: number; readonly x0: tf.Tensor };
  /** Fresh N(0, I) draws, for stochastic solvers of the reverse-SDE family (deterministic ones ignore it). */
  readonly noise?: NoiseSource;
  /** 0-based index of this step and the number of steps (EDM's churn is S_churn / steps). */
  readonly index?: number;
  readonly total?: number;
}

/** What a solver's `perturb` sees: the state before the step, and the noise of the run. */
export interface PerturbInput {
  readonly process: GaussianProcess;
  readonly x: tf.Tensor;
  readonly t: number;
  readonly s: number;
  readonly noise: NoiseSource;
  readonly index: number;
  readonly total: number;
}

/**
 * One move t → s of the probability-flow ODE (seed 004) dx_e/dσ_e = (x_e − D)/σ_e in k-diffusion's coordinates
 * x_e = x_t/α_t, σ_e = σ_t/α_t — written back in x_t so that α_t = 0 (rectified flow at t = 1, zero terminal SNR)
 * is allowed where the method permits.
 */
export interface OdeSolver {
  readonly kind: string;
  readonly description: string;
  /** Denoiser evaluations per step (Heun: 2, except the last). */
  readonly evaluationsPerStep: number;
  step(input: OdeStepInput): tf.Tensor;
  /**
   * Optional: move x_t to a noisier state (x̂, t̂) before the denoiser is evaluated (EDM's churn); the step then
   * runs from t̂. Returns undefined to leave the state as it is.
   */
  perturb?(input: PerturbInput): { readonly x: tf.Tensor; readonly t: number } | undefined;
}
