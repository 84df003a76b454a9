import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  TOKENS,
  contribution,
  createUdm,
  isInvertible,
  literal,
  required,
  resolveConfig,
  struct,
  type Udm,
} from '../index.js';
import {
  ShrinkProcess,
  AffineNet,
  X0Posterior,
  linearProcess,
  toyModule,
} from '../test-support/toy-plugin.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function base(): Record<string, unknown> {
  return {
    seed: 1,
    data: { kind: 'toy-points' },
    process: { kind: 'toy-linear' },
    network: { kind: 'toy-affine' },
    posterior: { kind: 'toy-x0' },
    sample: { step: { kind: 'fresh-noise' }, steps: 5, count: 8 },
  };
}

/** `base()` with `patch` applied at a dotted path (`undefined` deletes the key). */
function withPatch(
  path: string,
  value: unknown,
  cfg: Record<string, unknown> = base(),
): Record<string, unknown> {
  const keys = path.split('.');
  let node = cfg;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return cfg;
}

/** The issues of the ConfigError that resolving `raw` throws (fails the test if it does not throw one). */
function issuesOf(raw: unknown): readonly string[] {
  try {
    resolveConfig(raw, [toyModule]);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const err = e as ConfigError;
    for (const issue of err.issues) expect(err.message).toContain(issue);
    return err.issues;
  }
  throw new Error('expected resolveConfig to throw a ConfigError');
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

// ---------------------------------------------------------------------------------------------------------------

describe('config validation: every bad input is reported with its path, the expected type and the received value', () => {
  it('the base config is valid', () => {
    expect(() => resolveConfig(base(), [toyModule])).not.toThrow();
  });

  it('wrong type (a string for a number)', () => {
    expect(issuesOf(withPatch('train.batchSize', '64'))).toEqual([
      'train.batchSize: expected a positive integer, got "64"',
    ]);
    expect(issuesOf(withPatch('seed', 'abc'))).toEqual(['seed: expected a non-negative integer, got "abc"']);
  });

  it('wrong type (a string for a boolean, a number for a string)', () => {
    expect(issuesOf(withPatch('sample.useEma', 'yes'))).toEqual([
      'sample.useEma: expected a boolean, got "yes"',
    ]);
    expect(issuesOf(withPatch('$schema', 3))).toEqual(['$schema: expected a string, got 3']);
  });

  it('NaN', () => {
    expect(issuesOf(withPatch('process.scale', NaN))).toEqual([
      'process.scale: expected a number in (0, 10], got NaN',
    ]);
    expect(issuesOf(withPatch('train.steps', NaN))).toEqual([
      'train.steps: expected a positive integer, got NaN',
    ]);
  });

  it('±Infinity', () => {
    expect(issuesOf(withPatch('train.gradClipNorm', Infinity))).toEqual([
      'train.gradClipNorm: expected a number in (0, ∞), got Infinity',
    ]);
    expect(issuesOf(withPatch('process.schedule', { start: -Infinity }))).toEqual([
      'process.schedule.start: expected a finite number, got -Infinity',
    ]);
  });

  it('zero and negative integers', () => {
    expect(issuesOf(withPatch('train.batchSize', 0))).toEqual([
      'train.batchSize: expected a positive integer, got 0',
    ]);
    expect(issuesOf(withPatch('train.steps', -5))).toEqual([
      'train.steps: expected a positive integer, got -5',
    ]);
    expect(issuesOf(withPatch('seed', -1))).toEqual(['seed: expected a non-negative integer, got -1']);
    expect(issuesOf(withPatch('sample.count', 0))).toEqual([
      'sample.count: expected a positive integer, got 0',
    ]);
  });

  it('non-integers', () => {
    expect(issuesOf(withPatch('sample.steps', 2.5))).toEqual([
      'sample.steps: expected an integer in [1, 1000000], got 2.5',
    ]);
    expect(issuesOf(withPatch('train.checkpointEvery', 10.1))).toEqual([
      'train.checkpointEvery: expected a positive integer, got 10.1',
    ]);
    expect(issuesOf(withPatch('seed', 2 ** 53))).toEqual([
      `seed: expected a non-negative integer, got ${2 ** 53}`,
    ]);
  });

  it('out of range', () => {
    expect(issuesOf(withPatch('sample.step', { kind: 'interpolated-noise', sigmaTilde: 1.5 }))).toEqual([
      'sample.step.sigmaTilde: expected a number in [0, 1], got 1.5',
    ]);
    expect(issuesOf(withPatch('sample.step', { kind: 'interpolated-noise', sigmaTilde: -0.1 }))).toEqual([
      'sample.step.sigmaTilde: expected a number in [0, 1], got -0.1',
    ]);
    expect(issuesOf(withPatch('train.ema', 1))).toEqual(['train.ema: expected a number in [0, 1), got 1']);
    expect(issuesOf(withPatch('train.optimizer', { kind: 'adam', learningRate: 0 }))).toEqual([
      'train.optimizer.learningRate: expected a number in (0, 10], got 0',
    ]);
    expect(issuesOf(withPatch('train.optimizer', { kind: 'adam', beta2: 1 }))).toEqual([
      'train.optimizer.beta2: expected a number in [0, 1), got 1',
    ]);
    expect(issuesOf(withPatch('train.gradClipNorm', 0))).toEqual([
      'train.gradClipNorm: expected a number in (0, ∞), got 0',
    ]);
    expect(issuesOf(withPatch('process.scale', 11))).toEqual([
      'process.scale: expected a number in (0, 10], got 11',
    ]);
  });

  it('boundary values inside the range are accepted', () => {
    expect(() => resolveConfig(withPatch('train.ema', 0), [toyModule])).not.toThrow();
    expect(() =>
      resolveConfig(withPatch('sample.step', { kind: 'interpolated-noise', sigmaTilde: 1 }), [toyModule]),
    ).not.toThrow();
    expect(() =>
      resolveConfig(withPatch('sample.step', { kind: 'interpolated-noise', sigmaTilde: 0 }), [toyModule]),
    ).not.toThrow();
    expect(() => resolveConfig(withPatch('process.scale', 10), [toyModule])).not.toThrow();
  });

  it('an unknown top-level key is rejected (not stripped), listing the known keys', () => {
    const issues = issuesOf(withPatch('lr', 0.1));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^lr: unknown key \(known keys of udm config: /);
    for (const k of ['$schema', 'seed', 'data', 'process', 'network', 'posterior', 'train', 'sample']) {
      expect(issues[0]).toContain(k);
    }
  });

  it('an unknown nested key is rejected, listing the known keys of that object', () => {
    const issues = issuesOf(withPatch('train.learningRate', 0.1));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^train\.learningRate: unknown key \(known keys of train config: /);
    for (const k of ['steps', 'batchSize', 'optimizer', 'ema', 'checkpointEvery', 'gradClipNorm'])
      expect(issues[0]).toContain(k);

    // Inside a plugin's config, two levels down.
    expect(issuesOf(withPatch('process.schedule', { start: 0, stop: 1 }))).toEqual([
      'process.schedule.stop: unknown key (known keys of toy schedule: start, end)',
    ]);
    // A key that belongs to another kind is unknown for this kind.
    expect(issuesOf(withPatch('process', { kind: 'toy-linear', T: 100 }))[0]).toMatch(
      /^process\.T: unknown key \(known keys of toy-linear process: kind, scale, schedule\)/,
    );
  });

  it('a missing required field', () => {
    const noSample = base();
    delete noSample['sample'];
    expect(issuesOf(noSample)).toEqual(['sample: missing required field (expected sample config)']);
    expect(issuesOf(withPatch('process.schedule', { end: 2 }))).toEqual([
      'process.schedule.start: missing required field (expected a finite number)',
    ]);
    expect(issuesOf(withPatch('sample.step', { kind: 'interpolated-noise' }))).toEqual([
      'sample.step.sigmaTilde: missing required field (expected a number in [0, 1])',
    ]);
    expect(issuesOf(withPatch('sample.grid', { kind: 'explicit' }))[0]).toMatch(
      /^sample\.grid\.timesteps: missing required field/,
    );
  });

  it('an unknown kind, listing the known kinds', () => {
    expect(issuesOf(withPatch('process.kind', 'vp'))).toEqual([
      'process.kind: expected one of "toy-linear", "toy-shrink", got "vp"',
    ]);
    expect(issuesOf(withPatch('sample.step.kind', 'ddim'))).toEqual([
      'sample.step.kind: expected one of "fresh-noise", "interpolated-noise", "recovered-noise", got "ddim"',
    ]);
    expect(issuesOf(withPatch('train.optimizer', { kind: 'rmsprop' }))).toEqual([
      'train.optimizer.kind: expected one of "adam", "adamw", "sgd", got "rmsprop"',
    ]);
    expect(issuesOf(withPatch('sample.grid', { kind: 'karras' }))).toEqual([
      'sample.grid.kind: expected one of "explicit", "leading", "linspace", "trailing", got "karras"',
    ]);
    expect(issuesOf(withPatch('data.kind', 'moons'))).toEqual([
      'data.kind: expected one of "toy-points", got "moons"',
    ]);
  });

  it('a kind that is not a string, or no kind at all', () => {
    expect(issuesOf(withPatch('process.kind', 5))).toEqual([
      'process.kind: expected one of "toy-linear", "toy-shrink", got 5',
    ]);
    expect(issuesOf(withPatch('network.kind', null))).toEqual([
      'network.kind: expected one of "toy-affine", got null',
    ]);
    expect(issuesOf(withPatch('posterior', {}))).toEqual([
      'posterior.kind: expected one of "toy-x0", got undefined',
    ]);
  });

  it.each([
    [null, 'null'],
    [[], '[]'],
    ['config.json', '"config.json"'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('a non-object config (%j)', (raw, shown) => {
    expect(issuesOf(raw)).toEqual([`(root): expected udm config (an object), got ${shown}`]);
  });

  it('a non-object section', () => {
    expect(issuesOf(withPatch('process', 'toy-linear'))).toEqual([
      'process: expected an object with a "kind" field (one of "toy-linear", "toy-shrink"), got "toy-linear"',
    ]);
    expect(issuesOf(withPatch('train', [1]))).toEqual(['train: expected train config (an object), got [1]']);
    expect(issuesOf(withPatch('sample', null))).toEqual([
      'sample: expected sample config (an object), got null',
    ]);
  });

  it('arrays with bad items name the item index', () => {
    expect(issuesOf(withPatch('sample.grid', { kind: 'explicit', timesteps: [0.9, 'x', NaN, 0.1] }))).toEqual(
      [
        'sample.grid.timesteps[1]: expected a finite number, got "x"',
        'sample.grid.timesteps[2]: expected a finite number, got NaN',
      ],
    );
    expect(issuesOf(withPatch('data.center', [1, null]))).toEqual([
      'data.center[1]: expected a finite number, got null',
    ]);
    expect(issuesOf(withPatch('data.center', []))).toEqual([
      'data.center: expected an array of a finite number (at least 1), got []',
    ]);
    expect(issuesOf(withPatch('data.center', { x: 1 }))).toEqual([
      'data.center: expected an array of a finite number (at least 1), got {"x":1}',
    ]);
  });

  it('reports several errors at once, each on its own line', () => {
    let cfg = withPatch('train.batchSize', 0);
    cfg = withPatch('train.ema', 2, cfg);
    cfg = withPatch('process.scale', 'big', cfg);
    cfg = withPatch('sample.steps', -1, cfg);
    cfg = withPatch('extra', true, cfg);
    let err: unknown;
    try {
      resolveConfig(cfg, [toyModule]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues;
    expect([...issues].sort()).toEqual(
      [
        'train.batchSize: expected a positive integer, got 0',
        'train.ema: expected a number in [0, 1), got 2',
        'process.scale: expected a number in (0, 10], got "big"',
        'sample.steps: expected an integer in [1, 1000000], got -1',
        expect.stringMatching(/^extra: unknown key/) as unknown as string,
      ].sort(),
    );
    expect(issues).toHaveLength(5);
    const message = (err as ConfigError).message;
    expect(message.startsWith('invalid config:\n  ')).toBe(true);
    expect(message.split('\n')).toHaveLength(6);
  });

  it('a single error reads on one line', () => {
    let err: unknown;
    try {
      resolveConfig(withPatch('train.batchSize', 0), [toyModule]);
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toBe(
      'invalid config: train.batchSize: expected a positive integer, got 0',
    );
    expect((err as Error).name).toBe('ConfigError');
  });

  it('long received values are shortened', () => {
    const issues = issuesOf(withPatch('data.center', 'x'.repeat(200)));
    expect(issues[0]!.length).toBeLessThan(200);
    expect(issues[0]).toMatch(/\.\.\.$/);
  });
});

describe('config defaults', () => {
  it('fills in every default, including nested ones and the default optimizer', () => {
    const c = resolveConfig(base(), [toyModule]);
    expect(c.seed).toBe(1);
    expect(c.train).toEqual({
      steps: 2000,
      batchSize: 256,
      accumulate: 1,
      optimizer: { kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      objective: { kind: 'denoising' },
      ema: 0.999,
      checkpointEvery: 1000,
      keepCheckpoints: 0,
      validationExamples: 512,
    });
    expect('gradClipNorm' in c.train).toBe(false);
    expect('validateEvery' in c.train).toBe(false);
    expect(c.sample).toEqual({
      sampler: { kind: 'ancestral' },
      step: { kind: 'fresh-noise' },
      grid: { kind: 'linspace' },
      steps: 5,
      count: 8,
      useEma: true,
    });
    // Plugin defaults, and the default of a field of a defaulted sub-object.
    expect(c.process).toEqual({ kind: 'toy-linear', scale: 1, schedule: { start: 0, end: 1 } });
    expect(c.data).toEqual({ kind: 'toy-points', n: 64, center: [2, -1], spread: 0 });
    expect(c.network).toEqual({ kind: 'toy-affine', init: 0 });
  });

  it('seed defaults to 0; explicit values are kept; sgd gets its own default learning rate', () => {
    const raw = withPatch('train', { batchSize: 16, optimizer: { kind: 'sgd' }, gradClipNorm: 1 });
    delete raw['seed'];
    const c = resolveConfig(raw, [toyModule]);
    expect(c.seed).toBe(0);
    expect(c.train.batchSize).toBe(16);
    expect(c.train.steps).toBe(2000);
    expect(c.train.gradClipNorm).toBe(1);
    expect(c.train.optimizer).toEqual({ kind: 'sgd', learningRate: 1e-2 });
  });

  it('does not mutate the raw config, and defaults are not shared between results', () => {
    const raw = base();
    const before = JSON.stringify(raw);
    const a = resolveConfig(raw, [toyModule]);
    const b = resolveConfig(raw, [toyModule]);
    expect(JSON.stringify(raw)).toBe(before);
    expect(a.data).not.toBe(b.data);
    (a.data as unknown as { center: number[] }).center.push(99);
    expect((b.data as unknown as { center: number[] }).center).toEqual([2, -1]);
    expect((resolveConfig(raw, [toyModule]).data as unknown as { center: number[] }).center).toEqual([2, -1]);
  });

  it('undefined values count as absent (the default applies)', () => {
    const c = resolveConfig(withPatch('train', { batchSize: undefined }), [toyModule]);
    expect(c.train.batchSize).toBe(256);
  });
});

describe('registries', () => {
  it('a module registering a kind twice throws', () => {
    const dup = new ContainerModule(({ bind }) => {
      bind(TOKENS.ForwardProcess).toConstantValue(linearProcess);
    });
    expect(() => createUdm(base(), [toyModule, dup])).toThrow(
      'process: kind "toy-linear" is registered twice',
    );
    expect(() => resolveConfig(base(), [toyModule, dup])).toThrow(/registered twice/);
  });

  it('a plugin cannot silently replace a core kind', () => {
    const shadow = new ContainerModule(({ bind }) => {
      bind(TOKENS.ConditionalStep).toConstantValue(
        contribution({
          kind: 'fresh-noise',
          description: 'impostor',
          codec: struct('x', { kind: required(literal('fresh-noise')) }),
          create: () => ({ step: (x: tf.Tensor) => x }),
        }),
      );
    });
    expect(() => createUdm(base(), [toyModule, shadow])).toThrow(
      'sample.step: kind "fresh-noise" is registered twice',
    );
  });

  it('with no plugin modules, the plugin kinds are unknown', () => {
    expect(() => resolveConfig(base(), [])).toThrow(ConfigError);
    let issues: readonly string[] = [];
    try {
      resolveConfig(base(), []);
    } catch (e) {
      issues = (e as ConfigError).issues;
    }
    expect(issues).toContain('process.kind: expected no kinds registered, got "toy-linear"');
  });
});

describe('composition through DI', () => {
  it('builds a plugin’s new, non-invertible process kind and samples with the generic fresh-noise step', () => {
    const udm = build(withPatch('process', { kind: 'toy-shrink', T: 50 }));
    expect(udm.process).toBeInstanceOf(ShrinkProcess);
    expect(isInvertible(udm.process)).toBe(false);
    expect(udm.network).toBeInstanceOf(AffineNet);
    expect(udm.posterior).toBeInstanceOf(X0Posterior);
    expect(udm.data.train.itemShape).toEqual([2]);
    const { x0, intermediates } = udm.sample();
    expect(x0.shape).toEqual([8, 2]);
    expect(intermediates).toEqual([]);
    for (const v of x0.dataSync()) expect(Number.isFinite(v)).toBe(true);
    // Untrained (w = 0, b = 0) the network predicts x̂0 = 0, and F_s(0, ε) = 0 for this process.
    expect(Array.from(x0.dataSync())).toEqual(new Array(16).fill(0));
    x0.dispose();
  });

  it('fresh-noise ends with x0 = x̂0 = G(x_t) at the last step (F at the origin is the identity)', () => {
    const udm = build(withPatch('network', { kind: 'toy-affine', init: 0.5 }));
    udm.network.variables.get('b')!.assign(tf.tensor1d([1, 2]));
    let beforeLast: number[][] = [];
    const { x0 } = udm.sample({
      count: 4,
      steps: 3,
      onStep: (p) => {
        if (p.index === p.total - 2) beforeLast = p.x.arraySync() as number[][];
      },
    });
    expect(x0.shape).toEqual([4, 2]);
    const got = x0.arraySync() as number[][];
    // x̂0 = 0.5·x_t + b with b = (1, 2).
    got.forEach((row, i) => {
      expect(row[0]).toBeCloseTo(0.5 * beforeLast[i]![0]! + 1, 5);
      expect(row[1]).toBeCloseTo(0.5 * beforeLast[i]![1]! + 2, 5);
    });
    x0.dispose();
  });

  it('recovered-noise on a non-invertible process is a ConfigError mentioning invertible', () => {
    const cfg = withPatch(
      'sample.step',
      { kind: 'recovered-noise' },
      withPatch('process', { kind: 'toy-shrink' }),
    );
    expect(() => createUdm(cfg, [toyModule])).toThrow(ConfigError);
    expect(() => createUdm(cfg, [toyModule])).toThrow(/invertible/);
    try {
      createUdm(cfg, [toyModule]);
    } catch (e) {
      expect((e as ConfigError).issues[0]).toMatch(
        /^sample\.step\.kind: "recovered-noise" needs an invertible process .*capability "invertible".*process "toy-shrink" does not provide it/,
      );
    }
  });

  it('interpolated-noise on a non-invertible process is a ConfigError too', () => {
    const cfg = withPatch(
      'sample.step',
      { kind: 'interpolated-noise', sigmaTilde: 0.5 },
      withPatch('process', { kind: 'toy-shrink' }),
    );
    expect(() => createUdm(cfg, [toyModule])).toThrow(/interpolated-noise" needs an invertible process/);
  });

  it('a step override at sample time is validated the same way', () => {
    const udm = build(withPatch('process', { kind: 'toy-shrink' }));
    expect(() => udm.sample({ step: { kind: 'recovered-noise' } })).toThrow(ConfigError);
    expect(() => udm.sample({ step: { kind: 'recovered-noise' } })).toThrow(/invertible/);
    expect(() => udm.sample({ step: { kind: 'nope' } })).toThrow(ConfigError);
  });

  it('the invertible plugin process works with recovered-noise and interpolated-noise', () => {
    for (const step of [{ kind: 'recovered-noise' }, { kind: 'interpolated-noise', sigmaTilde: 0.3 }]) {
      const udm = build(withPatch('sample.step', step));
      expect(isInvertible(udm.process)).toBe(true);
      const { x0 } = udm.sample({ count: 3 });
      expect(x0.shape).toEqual([3, 2]);
      for (const v of x0.dataSync()) expect(Number.isFinite(v)).toBe(true);
      x0.dispose();
    }
  });

  it('too many steps for a discrete process is a ConfigError naming sample.steps', () => {
    const cfg = withPatch('sample.steps', 51, withPatch('process', { kind: 'toy-shrink', T: 50 }));
    expect(() => createUdm(cfg, [toyModule])).toThrow(ConfigError);
    expect(() => createUdm(cfg, [toyModule])).toThrow(/sample\.steps: steps: expected at most T = 50 steps/);
  });

  it('a grid that does not fit the process is a ConfigError', () => {
    const cfg = withPatch('sample.grid', { kind: 'leading' });
    expect(() => createUdm(cfg, [toyModule])).toThrow(/grid "leading": needs a discrete-time process/);
    const explicit = withPatch(
      'sample.grid',
      { kind: 'explicit', timesteps: [0.5, 0.7] },
      withPatch('sample.steps', 2),
    );
    expect(() => createUdm(explicit, [toyModule])).toThrow(/strictly decreasing/);
  });

  it('the same seed gives the same samples; another seed different ones', () => {
    const sampleWith = (seed: number) => {
      const udm = build(withPatch('seed', seed, withPatch('network', { kind: 'toy-affine', init: 0.9 })));
      const { x0 } = udm.sample();
      const v = Array.from(x0.dataSync());
      x0.dispose();
      return v;
    };
    expect(sampleWith(3)).toEqual(sampleWith(3));
    expect(sampleWith(3)).not.toEqual(sampleWith(4));
  });
});
