/**
 * A tiny plugin for core's own tests, defined with only core's public API (as a user would): two processes (one
 * invertible, one not), a network, a posterior and a data set, and the ContainerModule that registers them.
 */
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import {
  ArrayDataset,
  INVERTIBLE,
  ContinuousTime,
  DiscreteTime,
  SeededRng,
  TOKENS,
  arrayOf,
  contribution,
  deriveSeed,
  finiteNumber,
  literal,
  mapTime,
  numberIn,
  perSample,
  positiveInt,
  randomNormal,
  required,
  struct,
  withDefault,
  type DatasetDeps,
  type ForwardProcess,
  type InvertibleForward,
  type Network,
  type NetworkDeps,
  type PosteriorDeps,
  type PosteriorModel,
  type ProcessDeps,
  type Rng,
  type Time,
} from '../index.js';

/** x_t = a(t)·x0 + b(t)·ε with a = 1 − t, b = scale·t on t ∈ [0, 1]: invertible in ε for t > 0. */
export class LinearProcess implements InvertibleForward {
  readonly invertible = true as const;
  readonly time = new ContinuousTime();
  constructor(private readonly scale: number) {}
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }
  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.add(
        tf.mul(
          x0,
          perSample(
            mapTime(t, (v) => 1 - v),
            x0.rank,
          ),
        ),
        tf.mul(
          eps,
          perSample(
            mapTime(t, (v) => this.scale * v),
            x0.rank,
          ),
        ),
      ),
    );
  }
  inverse(x0: tf.Tensor, xt: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.div(
        tf.sub(
          xt,
          tf.mul(
            x0,
            perSample(
              mapTime(t, (v) => 1 - v),
              x0.rank,
            ),
          ),
        ),
        perSample(
          mapTime(t, (v) => this.scale * v),
          x0.rank,
        ),
      ),
    );
  }
  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    return tf.tidy(() => tf.mul(randomNormal(rng, shape), this.scale));
  }
}

/** A deterministic degradation on discrete time: x_t = (1 − (t + 1)/T)·x0. Not invertible (ε is ignored). */
export class ShrinkProcess implements ForwardProcess {
  readonly time: DiscreteTime;
  constructor(readonly T: number) {
    this.time = new DiscreteTime(T);
  }
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }
  forward(x0: tf.Tensor, _eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.mul(
        x0,
        perSample(
          mapTime(t, (v) => 1 - (v + 1) / this.T),
          x0.rank,
        ),
      ),
    );
  }
  prior(shape: readonly number[]): tf.Tensor {
    return tf.zeros([...shape]);
  }
}

export class AffineNet implements Network {
  readonly variables: Map<string, tf.Variable>;
  constructor(init: number, width: number) {
    this.variables = new Map([
      ['w', tf.tidy(() => tf.variable(tf.fill([1], init)))],
      ['b', tf.tidy(() => tf.variable(tf.zeros([width])))],
    ]);
  }
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(x, this.variables.get('w')!), this.variables.get('b')!));
  }
  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }
}

export class X0Posterior implements PosteriorModel {
  constructor(
    readonly network: Network,
    private readonly process: ForwardProcess,
  ) {}
  private run(xt: tf.Tensor, t: Time): tf.Tensor {
    const tIn = tf.tensor1d(this.process.time.networkInput(t, xt.shape[0]!));
    return this.network.apply(xt, tIn);
  }
  predict(xt: tf.Tensor, t: Time) {
    return { x0: tf.tidy(() => this.run(xt, t)) };
  }
  loss(sample: { x0: tf.Tensor; xt: tf.Tensor; t: Float64Array }): tf.Scalar {
    return tf.tidy(() => tf.mean(tf.square(tf.sub(this.run(sample.xt, sample.t), sample.x0))) as tf.Scalar);
  }
}

export const linearProcess = contribution({
  kind: 'toy-linear',
  description: 'x_t = (1 − t)·x0 + scale·t·ε',
  codec: struct('toy-linear process', {
    kind: required(literal('toy-linear')),
    scale: withDefault(numberIn(0, 10, { lo: true }), 1),
    schedule: withDefault(
      struct('toy schedule', { start: required(finiteNumber), end: withDefault(finiteNumber, 1) }),
      { start: 0 },
    ),
  }),
  provides: [INVERTIBLE],
  create: (c, _deps: ProcessDeps) => new LinearProcess(c.scale),
});

export const shrinkProcess = contribution({
  kind: 'toy-shrink',
  description: 'x_t = (1 − (t + 1)/T)·x0, not invertible',
  codec: struct('toy-shrink process', {
    kind: required(literal('toy-shrink')),
    T: withDefault(positiveInt, 100),
  }),
  create: (c, _deps: ProcessDeps) => new ShrinkProcess(c.T),
});

export const affineNet = contribution({
  kind: 'toy-affine',
  description: 'x·w + b',
  codec: struct('toy-affine network', {
    kind: required(literal('toy-affine')),
    init: withDefault(finiteNumber, 0),
  }),
  create: (c, deps: NetworkDeps) =>
    new AffineNet(
      c.init,
      deps.itemShape.reduce((a, b) => a * b, 1),
    ),
});

export const x0Posterior = contribution({
  kind: 'toy-x0',
  description: 'predicts x0 directly',
  codec: struct('toy-x0 posterior', { kind: required(literal('toy-x0')) }),
  create: (_c, deps: PosteriorDeps) => new X0Posterior(deps.network, deps.process),
});

export const pointsData = contribution({
  kind: 'toy-points',
  description: 'n points around a center',
  codec: struct('toy-points data', {
    kind: required(literal('toy-points')),
    n: withDefault(positiveInt, 64),
    center: withDefault(arrayOf(finiteNumber, 1), [2, -1]),
    spread: withDefault(numberIn(0, 10), 0),
  }),
  create: (c, deps: DatasetDeps) => {
    const make = (label: string) => {
      const z = new SeededRng(deriveSeed(deps.seed, label)).normals(c.n * c.center.length);
      const v = Float32Array.from(z, (e, i) => c.center[i % c.center.length]! + c.spread * e);
      return new ArrayDataset(v, [c.center.length]);
    };
    return { train: make('train'), heldOut: make('held-out') };
  },
});

export const toyModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(linearProcess);
  bind(TOKENS.ForwardProcess).toConstantValue(shrinkProcess);
  bind(TOKENS.Network).toConstantValue(affineNet);
  bind(TOKENS.PosteriorModel).toConstantValue(x0Posterior);
  bind(TOKENS.Dataset).toConstantValue(pointsData);
});
