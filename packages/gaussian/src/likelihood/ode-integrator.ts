import type * as tf from '@tensorflow/tfjs';

/** The state of an ODE system: a list of tensors (e.g. [x, log-density change]). */
export type OdeState = readonly tf.Tensor[];

/** dy/dt = f(t, y). Returns new tensors (the caller disposes them). */
export type OdeField = (t: number, y: OdeState) => tf.Tensor[];

/** The end state and the number of evaluations of f. */
export interface IntegrationResult {
  readonly y: tf.Tensor[];
  readonly evaluations: number;
  /** Accepted steps (rejected ones of an adaptive method not counted). */
  readonly steps: number;
}

/**
 * An integrator of dy/dt = f(t, y) from t0 to t1 (either direction) on a list of tensors: fixed-step (RK4) or
 * adaptive (Dormand–Prince RK45). Used for the probability-flow ODE with the instantaneous change of variables.
 */
export interface OdeIntegrator {
  readonly kind: string;
  readonly description: string;
  integrate(f: OdeField, y0: OdeState, t0: number, t1: number): IntegrationResult;
}
