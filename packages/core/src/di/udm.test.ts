import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  ContinuousTime,
  DiscreteTime,
  SeededRng,
  TOKENS,
  arrayOf,
  contribution,
  createUdm,
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
  type NamedTensor,
  type Network,
  type NetworkDeps,
  type PosteriorDeps,
  type PosteriorModel,
  type ProcessDeps,
  type Rng,
  type Time,
  type TrainingState,
  type Udm,
} from '../index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// ---------------------------------------------------------------------------------------------------------------
// A tiny plugin, defined outside core: two processes (one invertible, one not), a network, a posterior, a data set.
// ---------------------------------------------------------------------------------------------------------------

/** x_t = a(t)·x0 + b(t)·ε with a = 1 − t, b = scale·t on t ∈ [0, 1]: invertible in ε for t > 0. */
class LinearProcess implements InvertibleForward {
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
class ShrinkProcess implements ForwardProcess {
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

class AffineNet implements Network {
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
}

class X0Posterior implements PosteriorModel {
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

const linearProcess = contribution({
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
  create: (c, _deps: ProcessDeps) => new LinearProcess(c.scale),
});

const shrinkProcess = contribution({
  kind: 'toy-shrink',
  description: 'x_t = (1 − (t + 1)/T)·x0, not invertible',
  codec: struct('toy-shrink process', {
    kind: required(literal('toy-shrink')),
    T: withDefault(positiveInt, 100),
  }),
  create: (c, _deps: ProcessDeps) => new ShrinkProcess(c.T),
});

const affineNet = contribution({
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

const x0Posterior = contribution({
  kind: 'toy-x0',
  description: 'predicts x0 directly',
  codec: struct('toy-x0 posterior', { kind: required(literal('toy-x0')) }),
  create: (_c, deps: PosteriorDeps) => new X0Posterior(deps.network, deps.process),
});

const pointsData = contribution({
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

const toyModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(linearProcess);
  bind(TOKENS.ForwardProcess).toConstantValue(shrinkProcess);
  bind(TOKENS.Network).toConstantValue(affineNet);
  bind(TOKENS.PosteriorModel).toConstantValue(x0Posterior);
  bind(TOKENS.Dataset).toConstantValue(pointsData);
});

function config(
  overrides: { train?: Record<string, unknown>; sample?: Record<string, unknown>; seed?: number } = {},
) {
  return {
    seed: overrides.seed ?? 1,
    data: { kind: 'toy-points', n: 64, center: [2, -1] },
    process: { kind: 'toy-linear' },
    network: { kind: 'toy-affine' },
    posterior: { kind: 'toy-x0' },
    train: { steps: 50, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.05 }, ...overrides.train },
    sample: {
      step: { kind: 'interpolated-noise', sigmaTilde: 0.5 },
      steps: 10,
      count: 16,
      ...overrides.sample,
    },
  };
}

const made: Udm[] = [];
function build(raw: unknown): Udm {
  const udm = createUdm(raw, [toyModule]);
  made.push(udm);
  return udm;
}
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});

function values(vars: ReadonlyMap<string, tf.Tensor>): Record<string, number[]> {
  return Object.fromEntries([...vars].map(([k, v]) => [k, Array.from(v.dataSync())]));
}

describe('Udm lifecycle', () => {
  it('dispose() releases every tensor the model created (weights, EMA, optimizer slots)', async () => {
    const before = tf.memory().numTensors;
    const udm = createUdm(config(), [toyModule]);
    await udm.train({ steps: 3 });
    udm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('two models with the same variable names (and an EMA) can live side by side', () => {
    const a = build(config());
    const b = build(config({ seed: 2 }));
    expect(a.ema).toBeDefined();
    expect(b.ema).toBeDefined();
    const xa = a.sample({ count: 2 }).x0;
    const xb = b.sample({ count: 2 }).x0;
    expect(xa.shape).toEqual(xb.shape);
    tf.dispose([xa, xb]);
  });

  it('train.ema = 0 disables the EMA', () => {
    expect(build(config({ train: { ema: 0 } })).ema).toBeUndefined();
  });
});

describe('Udm.sample', () => {
  it('leaves tf.memory().numTensors unchanged over 200 steps once the results are disposed', () => {
    const udm = build(config({ train: { ema: 0 } }));
    const before = tf.memory().numTensors;
    const { x0, intermediates } = udm.sample({ steps: 200, count: 32, keep: new Set([0, 100, 199]) });
    expect(x0.shape).toEqual([32, 2]);
    expect(intermediates).toHaveLength(3);
    // Only the result and the kept intermediates are alive.
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([x0, ...intermediates.map((i) => i.x)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('calls the progress callback once per step with index, total, t and s', () => {
    const udm = build(config());
    const pairs = udm.pairs(7);
    const seen: Array<{ index: number; total: number; t: number; s: number; shape: number[] }> = [];
    const { x0 } = udm.sample({
      steps: 7,
      count: 5,
      onStep: (p) => seen.push({ index: p.index, total: p.total, t: p.t, s: p.s, shape: p.x.shape }),
    });
    expect(seen.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const p of seen) {
      expect(p.total).toBe(7);
      expect(p.shape).toEqual([5, 2]);
    }
    expect(seen.map(({ t, s }) => ({ t, s }))).toEqual(pairs);
    expect(seen.at(-1)!.s).toBe(0);
    expect(seen[0]!.t).toBe(1);
    x0.dispose();
  });

  it('`keep` returns the kept intermediates, equal to the states the callback saw', () => {
    const udm = build(config());
    const states = new Map<number, number[]>();
    const { x0, intermediates } = udm.sample({
      steps: 6,
      count: 3,
      keep: new Set([0, 2, 5]),
      onStep: (p) => states.set(p.index, Array.from(p.x.dataSync())),
    });
    expect(intermediates.map((i) => i.index)).toEqual([0, 2, 5]);
    const pairs = udm.pairs(6);
    for (const it of intermediates) {
      expect(it.s).toBe(pairs[it.index]!.s);
      expect(Array.from(it.x.dataSync())).toEqual(states.get(it.index));
    }
    // The last kept state is the final x0, but a separate tensor the caller owns.
    expect(Array.from(intermediates[2]!.x.dataSync())).toEqual(Array.from(x0.dataSync()));
    expect(intermediates[2]!.x).not.toBe(x0);
    tf.dispose([x0, ...intermediates.map((i) => i.x)]);
  });

  it('an explicit rng makes sampling reproducible', () => {
    // With w ≠ 0 the result depends on the noise (with w = b = 0 every sample would be x̂0 = 0).
    const udm = build({ ...config(), network: { kind: 'toy-affine', init: 0.9 } });
    const a = udm.sample({ rng: new SeededRng(5) }).x0;
    const b = udm.sample({ rng: new SeededRng(5) }).x0;
    const c = udm.sample({ rng: new SeededRng(6) }).x0;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });
});

describe('Udm.train', () => {
  it('learns the trivially learnable task: the loss falls and x̂0 approaches the data', async () => {
    const udm = build(config({ train: { steps: 300 } }));
    const losses: number[] = [];
    const steps: number[] = [];
    const summary = await udm.train({
      onStep: (p) => {
        losses.push(p.loss);
        steps.push(p.step);
        expect(p.totalSteps).toBe(300);
        expect(Number.isFinite(p.gradNorm)).toBe(true);
      },
    });
    expect(steps).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(summary.step).toBe(300);
    expect(udm.trainedSteps).toBe(300);
    expect(summary.lastLoss).toBe(losses.at(-1));
    expect(summary.meanLoss).toBeCloseTo(losses.reduce((a, b) => a + b, 0) / losses.length, 10);
    // The first step sees w = 0, b = 0, so x̂0 = 0 and the loss is mean(x0²) = (2² + 1²)/2 = 2.5 exactly (all the
    // data sit at the center); the optimum (w = 0, b = center) has loss 0.
    expect(losses[0]).toBeCloseTo(2.5, 5);
    const last = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(last).toBeLessThan(0.05 * 2.5);
    const b = Array.from(udm.network.variables.get('b')!.dataSync());
    expect(b[0]).toBeCloseTo(2, 0);
    expect(b[1]).toBeCloseTo(-1, 0);
  });

  it('continues from where it stopped', async () => {
    const udm = build(config());
    await udm.train({ steps: 5 });
    const seen: number[] = [];
    const s = await udm.train({ steps: 8, onStep: (p) => seen.push(p.step) });
    expect(seen).toEqual([6, 7, 8]);
    expect(s.step).toBe(8);
    expect(udm.trainedSteps).toBe(8);
  });

  it('hands the state to the checkpoint sink every N steps and at the end', async () => {
    const udm = build(config({ train: { steps: 10, checkpointEvery: 4 } }));
    const saved: Array<{ step: number; names: string[]; ema: boolean; loss: number; rngWords: number }> = [];
    await udm.train({
      checkpoint: {
        save: async (s: TrainingState) => {
          saved.push({
            step: s.step,
            names: [...s.params.keys()],
            ema: s.ema !== undefined,
            loss: s.loss,
            rngWords: s.rng.words.length,
          });
        },
      },
    });
    expect(saved.map((s) => s.step)).toEqual([4, 8, 10]);
    for (const s of saved) {
      expect(s.names).toEqual(['w', 'b']);
      expect(s.ema).toBe(true);
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(s.rngWords).toBeGreaterThanOrEqual(4);
    }
  });

  it('does not grow tf.memory().numTensors across 100 steps (after the optimizer’s first step)', async () => {
    const udm = build(config({ train: { checkpointEvery: 10, gradClipNorm: 0.5 } }));
    const sink = { save: async () => {} };
    await udm.train({ steps: 1, checkpoint: sink });
    const after1 = tf.memory().numTensors;
    await udm.train({ steps: 101, checkpoint: sink });
    expect(udm.trainedSteps).toBe(101);
    expect(tf.memory().numTensors).toBe(after1);
  });

  it('restoring a checkpoint resumes training exactly', async () => {
    const cfg = config({ train: { steps: 12, checkpointEvery: 6 } });
    const snapshots: Array<{
      step: number;
      params: Map<string, tf.Tensor>;
      ema: Map<string, tf.Tensor>;
      emaUpdates: number;
      optimizer: NamedTensor[];
      rng: TrainingState['rng'];
    }> = [];
    const a = build(cfg);
    await a.train({
      checkpoint: {
        save: async (s) => {
          const copy = (m: ReadonlyMap<string, tf.Tensor>) => new Map([...m].map(([k, v]) => [k, v.clone()]));
          snapshots.push({
            step: s.step,
            params: copy(s.params),
            ema: copy(s.ema!),
            emaUpdates: s.emaUpdates!,
            optimizer: s.optimizer.map((w) => ({ name: w.name, tensor: w.tensor.clone() })),
            rng: s.rng,
          });
        },
      },
    });
    expect(snapshots.map((s) => s.step)).toEqual([6, 12]);
    const b = build(cfg);
    await b.restore(snapshots[0]!);
    expect(b.trainedSteps).toBe(6);
    await b.train();
    expect(values(b.network.variables)).toEqual(values(a.network.variables));
    expect(values(b.ema!.shadow)).toEqual(values(a.ema!.shadow));
    for (const s of snapshots)
      tf.dispose([...s.params.values(), ...s.ema.values(), ...s.optimizer.map((w) => w.tensor)]);
  });
});
