/**
 * A training objective contributed by a plugin, written here with core's public API only (as a plugin in its own npm
 * project would): chosen by `train.objective.kind`, run by the one `train()`, its adaptive state checkpointed and
 * restored so that a resumed run continues exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  TOKENS,
  contribution,
  createUdm,
  definePlugin,
  denoisingObjective,
  finiteNumber,
  literal,
  required,
  struct,
  withDefault,
  type ObjectiveDeps,
  type ObjectiveState,
  type TrainingObjective,
  type TrainingState,
  type Udm,
} from '../index.js';
import { toyModule } from '../test-support/toy-plugin.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * Denoising, with the loss scaled by an adaptive factor s: after each optimizer step s ← ½(s + mean recorded loss).
 * `count` (JSON) and `s` (a tensor) are its state.
 */
function adaptiveObjective(
  deps: ObjectiveDeps,
  start: number,
): TrainingObjective & { readonly scale: tf.Variable } {
  const inner = denoisingObjective(deps.process, deps.posterior);
  const scale = tf.tidy(() => tf.variable(tf.scalar(start), false));
  let count = 0;
  let recorded: number[] = [];
  return {
    kind: 'test-adaptive',
    scale,
    loss(batch, rng, options) {
      const l = inner.loss(batch, rng, options);
      if (options?.record) recorded.push(l.dataSync()[0]!);
      return tf.mul(l, scale) as tf.Scalar;
    },
    afterStep() {
      const mean = recorded.reduce((a, b) => a + b, 0) / recorded.length;
      scale.assign(tf.scalar(0.5 * (scale.dataSync()[0]! + mean)));
      recorded = [];
      count++;
    },
    getState: () => ({ json: { count }, tensors: new Map([['scale', scale]]) }),
    setState(state: ObjectiveState) {
      const json = state.json as { count?: unknown } | undefined;
      const s = state.tensors?.get('scale');
      if (typeof json?.count !== 'number' || !s || s.size !== 1)
        throw new Error('objective state: expected { count } and a scalar tensor "scale"');
      count = json.count;
      scale.assign(s.reshape([]));
    },
    dispose: () => scale.dispose(),
  };
}

const adaptiveContribution = contribution({
  kind: 'test-adaptive',
  description: 'denoising scaled by an adaptive factor (a test plugin)',
  codec: struct('test-adaptive objective', {
    kind: required(literal('test-adaptive')),
    start: withDefault(finiteNumber, 1),
  }),
  create: (c, deps: ObjectiveDeps) => adaptiveObjective(deps, c.start),
});

const plugin = definePlugin(({ contribute }) => contribute(TOKENS.TrainingObjective, adaptiveContribution));

/** The run config; `objective: null` leaves `train.objective` out (the default). */
function config(objective: unknown = { kind: 'test-adaptive', start: 2 }) {
  return {
    seed: 3,
    data: { kind: 'toy-points', spread: 0.5 },
    process: { kind: 'toy-linear' },
    network: { kind: 'toy-affine' },
    posterior: { kind: 'toy-x0' },
    train: {
      steps: 6,
      batchSize: 8,
      ema: 0.9,
      checkpointEvery: 3,
      accumulate: 2,
      ...(objective === null ? {} : { objective }),
    },
    sample: { step: { kind: 'fresh-noise' }, steps: 5, count: 8 },
  };
}

/** A checkpoint as a file would hold it: JSON through a string, tensors copied to the host and back. */
function serialise(s: TrainingState) {
  const copy = (m: ReadonlyMap<string, tf.Tensor> | undefined) =>
    m && new Map([...m].map(([k, v]) => [k, tf.tensor(v.dataSync(), v.shape)] as const));
  return {
    step: s.step,
    params: copy(s.params)!,
    ...(s.ema ? { ema: copy(s.ema)!, emaUpdates: s.emaUpdates! } : {}),
    optimizer: s.optimizer.map(({ name, tensor }) => ({
      name,
      tensor: tf.tensor(tensor.dataSync(), tensor.shape),
    })),
    rng: JSON.parse(JSON.stringify(s.rng)),
    ...(s.objective
      ? {
          objective: {
            json: JSON.parse(JSON.stringify(s.objective.json)),
            tensors: copy(s.objective.tensors)!,
          },
        }
      : {}),
  };
}

const weights = (udm: Udm) =>
  Object.fromEntries([...udm.network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));

const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(raw: unknown = config()): Udm {
  const u = createUdm(raw, [toyModule, plugin]);
  made.push(u);
  return u;
}

describe('a training objective contributed by a plugin', () => {
  it('is chosen by train.objective.kind and run by train(); the default stays denoising', async () => {
    const udm = make();
    expect(udm.objective.kind).toBe('test-adaptive');
    expect(make(config(null)).objective.kind).toBe('denoising');
    await udm.train();
    expect(udm.trainedSteps).toBe(6);
    // The objective adapted: s moved from its start.
    expect((udm.objective as ReturnType<typeof adaptiveObjective>).scale.dataSync()[0]).not.toBe(2);
  });

  it('its state is checkpointed and restored: a resumed run ends exactly where an uninterrupted one does', async () => {
    const whole = make();
    await whole.train();

    const first = make();
    let saved: ReturnType<typeof serialise> | undefined;
    await first.train({ steps: 3, checkpoint: { save: async (s) => void (saved = serialise(s)) } });
    expect(saved?.objective?.json).toEqual({ count: 3 });
    const resumed = make();
    await resumed.restore(saved!);
    tf.dispose([
      ...saved!.params.values(),
      ...(saved!.ema?.values() ?? []),
      ...saved!.optimizer.map((o) => o.tensor),
      ...(saved!.objective?.tensors?.values() ?? []),
    ]);
    await resumed.train();
    expect(weights(resumed)).toEqual(weights(whole));
    const scale = (u: Udm) => (u.objective as ReturnType<typeof adaptiveObjective>).scale.dataSync()[0];
    expect(scale(resumed)).toBe(scale(whole));
  });

  it('bad objective config and bad objective state are clear errors', async () => {
    expect(() => make(config({ kind: 'test-adaptive', start: 'x' }))).toThrow(ConfigError);
    expect(() => make(config({ kind: 'test-adaptive', start: 'x' }))).toThrow(/train\.objective\.start/);
    expect(() => make(config({ kind: 'nope' }))).toThrow(
      /train\.objective.*denoising.*test-adaptive|test-adaptive.*denoising/s,
    );
    const udm = make();
    await expect(
      udm.restore({ step: 0, params: udm.network.variables, objective: { json: {} } }),
    ).rejects.toThrow(/objective state: expected \{ count \}/);
    const plain = make(config(null));
    await expect(
      plain.restore({ step: 0, params: plain.network.variables, objective: { json: { count: 1 } } }),
    ).rejects.toThrow(/holds objective state, but train\.objective "denoising" keeps none/);
  });

  it('train.accumulate is validated with a path-named error', () => {
    const raw = config();
    (raw.train as Record<string, unknown>).accumulate = 0;
    expect(() => make(raw)).toThrow(/train\.accumulate/);
  });
});
