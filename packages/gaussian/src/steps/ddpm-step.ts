import * as tf from '@tensorflow/tfjs';
import { InterpolatedNoiseStep, type ConditionalStep, type PointPrediction, type Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { ddpmNoiseMix } from './ddim-noise-mix.js';
import { keepX0, type X0Processor } from './x0-processor.js';

/**
 * DDPM's ancestral step with the posterior variance β̃ (`fixed_small`): core's interpolated correction with
 * σ̃ = √(1 − SNR_t/SNR_s), the noise recovered from x_t and the (processed) x̂0 as diffusers does, and no noise at
 * the smallest time. Equals DDIM(η = 1) with `useClippedModelOutput`.
 */
export class DdpmStep implements ConditionalStep<tf.Tensor, PointPrediction> {
  private readonly inner: InterpolatedNoiseStep;

  constructor(
    process: GaussianProcess,
    private readonly processor: X0Processor = keepX0,
  ) {
    this.inner = new InterpolatedNoiseStep(process, ddpmNoiseMix(process));
  }

  step(xt: tf.Tensor, prediction: PointPrediction, t: number, s: number, rng: Rng): tf.Tensor {
    return tf.tidy(() => this.inner.step(xt, { x0: this.processor.apply(prediction.x0) }, t, s, rng));
  }
}
