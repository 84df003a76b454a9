import * as tf from '@tensorflow/tfjs';
import { InterpolatedNoiseStep, type ConditionalStep, type PointPrediction, type Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { ddimNoiseMix } from './ddim-noise-mix.js';
import { keepX0, type X0Processor } from './x0-processor.js';

export interface DdimOptions {
  /** 0 deterministic DDIM, 1 DDPM-like; σ̃ = η·√(1 − SNR_t/SNR_s). */
  readonly eta?: number;
  /** Clipping or dynamic thresholding of x̂0 (default: none). */
  readonly x0Processor?: X0Processor;
  /**
   * false (diffusers' default): the direction term uses the model's ε̂ even when x̂0 was clipped; true: ε is
   * recovered from the clipped x̂0 and x_t.
   */
  readonly useClippedModelOutput?: boolean;
  /** true (default): the last step lands on the clean data (ᾱ = 1); false: on the smallest time tMin (ᾱ_0). */
  readonly setAlphaToOne?: boolean;
}

/** A prediction with x̂0 and, optionally, the model's own ε̂. */
export type PredictionWithEps = PointPrediction & { readonly eps?: tf.Tensor };

/**
 * DDIM(η) for any Gaussian process, expressed through core's interpolated correction (seed 002, eq. 13):
 * x_s = F_s(x̂0, √(1 − σ̃²)·ε + σ̃·ε_new). x̂0 is first processed (clip / threshold). With
 * `useClippedModelOutput` false, ε is the model's ε̂: the correction then acts on the state
 * x_t' = F_t(x̂0, ε̂) the pair describes, whose recovered noise F_t⁻¹(x̂0, x_t') is ε̂ (x_t' = x_t, up to
 * rounding, when nothing was clipped and the prediction is consistent). A prediction without ε̂ uses x_t.
 */
export class DdimStep implements ConditionalStep<tf.Tensor, PredictionWithEps> {
  private readonly inner: InterpolatedNoiseStep;
  private readonly processor: X0Processor;
  private readonly useClipped: boolean;
  private readonly alphaToOne: boolean;

  constructor(
    private readonly process: GaussianProcess,
    options: DdimOptions = {},
  ) {
    this.inner = new InterpolatedNoiseStep(process, ddimNoiseMix(process, options.eta ?? 0));
    this.processor = options.x0Processor ?? keepX0;
    this.useClipped = options.useClippedModelOutput ?? false;
    this.alphaToOne = options.setAlphaToOne ?? true;
  }

  step(xt: tf.Tensor, prediction: PredictionWithEps, t: number, s: number, rng: Rng): tf.Tensor {
    const target = s === this.process.time.origin && !this.alphaToOne ? this.process.time.tMin : s;
    return tf.tidy(() => {
      const x0 = this.processor.apply(prediction.x0);
      const eps = prediction.eps;
      const state = this.useClipped || eps === undefined ? xt : this.process.forward(x0, eps, t);
      return this.inner.step(state, { x0 }, t, target, rng);
    });
  }
}
