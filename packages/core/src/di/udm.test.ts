import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng, createUdm, type NamedTensor, type TrainingState, type Udm } from '../index.js';
import { toyModule } from '../test-support/toy-plugin.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
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

  it.each([
    ['adam', { kind: 'adam', learningRate: 0.05 }],
    [
      'adamw with warmup and cosine decay',
      { kind: 'adamw', learningRate: 0.05, weightDecay: 0.1, schedule: { warmup: 4, decay: 'cosine' } },
    ],
    [
      'sgd with linear decay',
      { kind: 'sgd', learningRate: 0.05, schedule: { decay: 'linear', minFactor: 0.1 } },
    ],
  ])('restoring a checkpoint resumes training exactly (%s)', async (_name, optimizer) => {
    const cfg = config({ train: { steps: 12, checkpointEvery: 6, optimizer } });
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
