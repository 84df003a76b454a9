import type * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import {
  booleanCodec,
  choiceRegistry,
  createContainer,
  decodeOrThrow,
  positiveInt,
  registriesOf,
  required,
  sample,
  SeededRng,
  stepPairs,
  struct,
  withDefault,
  type ConditionalStep,
  type Rng,
  type StepPair,
} from '@udm/core';
import { gaussianModule } from '../gaussian-module.js';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import type { Parameterization } from '../parameterization/parameterization.js';
import { withLearnedVariance } from '../parameterization/learned-variance.js';
import { GAUSSIAN_CHOICES } from '../choice-points.js';
import { isGaussianProcess, type GaussianProcess } from '../process/gaussian-process.js';

/** A model as a plain function: the raw network output for x_t at (shared) time t. */
export type ModelFunction = (x: tf.Tensor, t: number) => tf.Tensor;

/**
 * A diffusers-style scheduler built from a plain config object:
 * `{ process, prediction, step, grid, steps, fixedStride, learnedVariance }` where process/step/grid are the same configs a run
 * uses (`{ kind: 'vp', schedule: { kind: 'linear' } }`, `{ kind: 'ddim', eta: 0, clipSample: true }`,
 * `{ kind: 'leading' }`) and `prediction` is a parameterization (`{ kind: 'epsilon' }`). `fixedStride` makes
 * the previous time t − ⌊T/n⌋ as diffusers' DDIM does (it differs from the next grid time only for `linspace`);
 * `learnedVariance` splits the model output's axis 1 into the prediction and the `learned_range` value.
 */
export class GaussianScheduler {
  readonly process: GaussianProcess;
  readonly parameterization: Parameterization;
  readonly step: ConditionalStep<tf.Tensor, GaussianPrediction>;
  /** The moves t → s, noisiest first. */
  readonly pairs: readonly StepPair[];

  constructor(config: unknown, modules: readonly ContainerModule[] = [gaussianModule]) {
    const container = createContainer(modules);
    const r = registriesOf(container);
    const parameterizations = choiceRegistry(container, GAUSSIAN_CHOICES.Parameterization);
    const c = decodeOrThrow(
      struct('scheduler config', {
        process: withDefault(r.processes.codec(), { kind: 'vp' }),
        prediction: withDefault(parameterizations.codec(), { kind: 'epsilon' }),
        step: required(r.steps.codec()),
        grid: withDefault(r.grids.codec(), { kind: 'leading' }),
        steps: required(positiveInt),
        fixedStride: withDefault(booleanCodec, false),
        learnedVariance: withDefault(booleanCodec, false),
      }),
      config,
    );
    const process = r.processes.create(c.process, { itemShape: [] });
    if (!isGaussianProcess(process))
      throw new Error(`process: "${c.process.kind}" is not a Gaussian process`);
    this.process = process;
    const base = parameterizations.create(c.prediction, undefined);
    this.parameterization = c.learnedVariance ? withLearnedVariance(base) : base;
    this.step = r.steps.create(c.step, { process }) as ConditionalStep<tf.Tensor, GaussianPrediction>;
    const times = r.grids.create(c.grid, {}).times(process.time, c.steps);
    this.pairs = c.fixedStride ? fixedStridePairs(process, times, c.steps) : stepPairs(process.time, times);
  }

  /** (x̂0, ε̂) from a raw model output at (x_t, t). */
  predict(output: tf.Tensor, xt: tf.Tensor, t: number): GaussianPrediction {
    return this.parameterization.toPrediction(output, xt, t, this.process);
  }

  /** x_T = F_t(x0, ε) at the time of pair `from` (diffusers' `add_noise` for img2img). */
  addNoise(x0: tf.Tensor, eps: tf.Tensor, from = 0): tf.Tensor {
    return this.process.forward(x0, eps, this.pairs[from]!.t);
  }

  /** Runs the moves from pair `from` on with the model function; returns x at the origin (caller owns it). */
  run(model: ModelFunction, x: tf.Tensor, options: { rng?: Rng; from?: number } = {}): tf.Tensor {
    const predictor = {
      predict: (xt: tf.Tensor, t: number | Float64Array) =>
        this.predict(model(xt, t as number), xt, t as number),
    };
    return sample({
      process: this.process,
      predictor,
      step: this.step,
      pairs: this.pairs.slice(options.from ?? 0),
      shape: x.shape,
      rng: options.rng ?? new SeededRng(0),
      xT: x,
    }).x0;
  }
}

/** diffusers' DDIM pairs: s = t − ⌊T/n⌋, or the origin below 0. */
function fixedStridePairs(process: GaussianProcess, times: readonly number[], steps: number): StepPair[] {
  const stride = Math.floor((process.time.tMax + 1) / steps);
  return times.map((t) => ({ t, s: t - stride >= 0 ? t - stride : process.time.origin }));
}
