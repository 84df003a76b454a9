/**
 * A complete process plugin written outside the library, in one file: a variance-exploding forward process
 * x_t = F_t(x0, ε) = x0 + σ_max·t·ε on continuous t ∈ [0, 1], its inverse ε = (x_t − x0)/(σ_max·t), and a
 * posterior G_t whose network predicts x0 directly (loss ‖x̂0 − x0‖², seed 002 eq. 8 with constant weight).
 * Sampling needs no code of its own: core's generic corrections ("recovered-noise", "interpolated-noise",
 * "fresh-noise") work on any InvertibleForward.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ContinuousTime,
  contribution,
  definePlugin,
  literal,
  numberIn,
  perSample,
  randomNormal,
  mapTime,
  required,
  struct,
  TOKENS,
  withDefault,
  type Conditioning,
  type ForwardSample,
  type InvertibleForward,
  type Network,
  type PointPrediction,
  type PosteriorDeps,
  type PosteriorModel,
  type Rng,
  type Time,
} from '@udm/core';

export class VeProcess implements InvertibleForward {
  readonly invertible = true as const;
  readonly time = new ContinuousTime(1e-3, 1);

  constructor(readonly sigmaMax: number) {}

  sigma(t: Time): Time {
    return mapTime(t, (v) => this.sigmaMax * v);
  }

  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }

  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() => tf.add(x0, tf.mul(perSample(this.sigma(t), x0.rank), eps)));
  }

  inverse(x0: tf.Tensor, xt: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() => tf.div(tf.sub(xt, x0), perSample(this.sigma(t), x0.rank)));
  }

  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    // x_1 = x0 + σ_max ε with data of about unit variance: N(0, (1 + σ_max²) I).
    return tf.tidy(() => tf.mul(randomNormal(rng, shape), Math.sqrt(1 + this.sigmaMax ** 2)));
  }
}

/** G_t(x_t) = NN(x_t / √(1 + σ_t²), t): x0-prediction with the input scaled to unit variance. */
export class X0Posterior implements PosteriorModel<tf.Tensor, PointPrediction> {
  constructor(
    readonly process: VeProcess,
    readonly network: Network,
  ) {}

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): PointPrediction {
    return { x0: this.run(xt, t, cond) };
  }

  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(
      () => tf.mean(tf.squaredDifference(this.run(sample.xt, sample.t, cond), sample.x0)) as tf.Scalar,
    );
  }

  private run(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    const scale = mapTime(this.process.sigma(t), (s) => 1 / Math.sqrt(1 + s * s));
    return tf.tidy(() =>
      this.network.apply(
        tf.mul(xt, perSample(scale, xt.rank)),
        tf.tensor1d(this.process.time.networkInput(t, xt.shape[0]!)),
        cond,
      ),
    );
  }
}

export const veProcess = contribution({
  kind: 've-linear',
  description: 'user plugin: variance-exploding x_t = x0 + σ_max·t·ε',
  codec: struct('ve-linear process', {
    kind: required(literal('ve-linear')),
    sigmaMax: withDefault(numberIn(0, 1000, { lo: true }), 10),
  }),
  create: (c) => new VeProcess(c.sigmaMax),
});

export const x0Posterior = contribution({
  kind: 've-x0',
  description: 'user plugin: x0-prediction for the ve-linear process',
  codec: struct('ve-x0 posterior', { kind: required(literal('ve-x0')) }),
  create: (_c, deps: PosteriorDeps) => {
    if (!(deps.process instanceof VeProcess))
      throw new Error('posterior "ve-x0" needs process.kind "ve-linear"');
    return new X0Posterior(deps.process, deps.network);
  },
});

/** The plugin's one wiring point. */
export const vePlugin = definePlugin(({ contribute }) => {
  contribute(TOKENS.ForwardProcess, veProcess);
  contribute(TOKENS.PosteriorModel, x0Posterior);
});
