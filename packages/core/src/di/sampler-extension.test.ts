import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  contribution,
  createUdm,
  literal,
  required,
  struct,
  TOKENS,
  type NetworkDeps,
  type PosteriorContribution,
  type Sampler,
  type Udm,
} from '../index.js';
import { AffineNet, toyModule, X0Posterior } from '../test-support/toy-plugin.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A sampler that ignores the step and returns x_T + 1 (a visible marker that it ran), counting its moves. */
const moves: number[] = [];
const plusOneSampler = contribution({
  kind: 'plus-one',
  description: 'x_T + 1',
  codec: struct('plus-one sampler', { kind: required(literal('plus-one')) }),
  create: (): Sampler => ({
    usesStep: false,
    sample: (o) => {
      moves.push(o.pairs.length);
      return { x0: tf.tidy(() => tf.add(o.process.prior(o.shape, o.rng), 1)), intermediates: [] };
    },
  }),
});

/** A posterior that asks for a network output of twice the item's last axis, and records what the network got. */
const seenOutputShapes: Array<readonly number[] | undefined> = [];
const widePosterior: PosteriorContribution = {
  ...contribution({
    kind: 'toy-wide',
    description: 'asks for 2× output',
    codec: struct('toy-wide posterior', { kind: required(literal('toy-wide')) }),
    create: (_c, deps: { network: AffineNet; process: never }) => new X0Posterior(deps.network, deps.process),
  }),
  networkOutputShape: (_c, itemShape) => itemShape.map((d) => 2 * d),
};
const recordingNet = contribution({
  kind: 'toy-recording',
  description: 'records NetworkDeps.outputShape',
  codec: struct('toy-recording network', { kind: required(literal('toy-recording')) }),
  create: (_c, deps: NetworkDeps) => {
    seenOutputShapes.push(deps.outputShape);
    return new AffineNet(
      1,
      deps.itemShape.reduce((a, b) => a * b, 1),
    );
  },
});

const testModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Sampler).toConstantValue(plusOneSampler);
  bind(TOKENS.PosteriorModel).toConstantValue(widePosterior);
  bind(TOKENS.Network).toConstantValue(recordingNet);
});

function config(sample: Record<string, unknown> = {}, parts: Record<string, unknown> = {}) {
  return {
    seed: 1,
    data: { kind: 'toy-points', n: 16, center: [2, -1] },
    process: { kind: 'toy-linear' },
    network: { kind: 'toy-affine' },
    posterior: { kind: 'toy-x0' },
    ...parts,
    sample: { step: { kind: 'interpolated-noise', sigmaTilde: 0.5 }, steps: 4, count: 8, ...sample },
  };
}

const made: Udm[] = [];
const build = (raw: unknown) => {
  const u = createUdm(raw, [toyModule, testModule]);
  made.push(u);
  return u;
};
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});

describe('the Sampler extension point (sample.sampler)', () => {
  it('defaults to core’s ancestral sampler, which gives the same samples as naming it', () => {
    const a = build(config());
    expect(a.config.sample.sampler).toEqual({ kind: 'ancestral' });
    expect(a.sampler.usesStep).toBe(true);
    const b = build(config({ sampler: { kind: 'ancestral' } }));
    const [xa, xb] = [a.sample().x0, b.sample().x0];
    expect(xa.shape).toEqual([8, 2]);
    expect(Array.from(xa.dataSync())).toEqual(Array.from(xb.dataSync()));
    tf.dispose([xa, xb]);
  });

  it('a contributed sampler is chosen by config, or per call with Udm.sample({ sampler })', () => {
    moves.length = 0;
    const u = build(config({ sampler: { kind: 'plus-one' } }));
    const x = u.sample().x0;
    expect(moves).toEqual([4]);
    const fromConfig = Array.from(x.dataSync());
    const ancestral = build(config());
    const y = ancestral.sample({ sampler: { kind: 'plus-one' }, steps: 3 }).x0;
    expect(moves).toEqual([4, 3]);
    expect(Array.from(y.dataSync())).toEqual(fromConfig);
    tf.dispose([x, y]);
  });

  it('does not leak tensors', () => {
    const u = build(config());
    u.sample({ count: 2 }).x0.dispose();
    const before = tf.memory().numTensors;
    u.sample({ count: 2 }).x0.dispose();
    u.sample({ count: 2, sampler: { kind: 'plus-one' } }).x0.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown kind is a config error at sample.sampler.kind that lists the known kinds', () => {
    expect(() => build(config({ sampler: { kind: 'nope' } }))).toThrow(ConfigError);
    expect(() => build(config({ sampler: { kind: 'nope' } }))).toThrow(
      /sample\.sampler\.kind.*"ancestral", "plus-one".*"nope"/,
    );
    const u = build(config());
    expect(() => u.sample({ sampler: { kind: 'nope' } })).toThrow(/sample\.sampler\.kind/);
  });
});

describe('NetworkDeps.outputShape (a posterior that needs a wider network output)', () => {
  it('is passed to the network factory only when the posterior asks for a shape other than the item’s', () => {
    seenOutputShapes.length = 0;
    build(config({}, { network: { kind: 'toy-recording' } }));
    build(config({}, { network: { kind: 'toy-recording' }, posterior: { kind: 'toy-wide' } }));
    expect(seenOutputShapes).toEqual([undefined, [4]]);
  });
});
