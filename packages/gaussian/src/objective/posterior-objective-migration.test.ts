import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createUdm,
  estimateTrainStepMemory,
  resolveConfig,
  SeededRng,
  type Udm,
} from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { gaussianModule } from '../gaussian-module.js';

await tf.setBackend('cpu');
await tf.ready();

/** 128 unlabelled 2-D points (data kind `tiny`) and an affine network (kind `affine`). */
const modules = [gaussianModule, tinyTestModule({ train: 128 })];
const base = {
  seed: 2,
  data: { kind: 'tiny' },
  process: { kind: 'vp', T: 10 },
  network: { kind: 'affine' },
  sample: { step: { kind: 'ddim' }, steps: 5 },
};
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
/** Builds a model; the warnings of a deprecated spelling are collected in `warnings`. */
function make(posterior: unknown, train: Record<string, unknown> = {}, warnings: string[] = []): Udm {
  const u = createUdm(
    { ...base, posterior, train: { steps: 6, batchSize: 48, ema: 0.9, ...train } },
    modules,
    { warn: (m) => warnings.push(m) },
  );
  made.push(u);
  return u;
}
const weights = (u: Udm) =>
  Object.fromEntries([...u.network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));

/**
 * Computed on main at 9c43703 (before the old spelling became a translation): the same config with
 * `posterior.weighting` / `posterior.time`, 6 steps of 48, tfjs cpu backend. Last loss and the affine network's
 * weights a, b.
 */
const ON_MAIN = [
  {
    posterior: { kind: 'v', weighting: { kind: 'min-snr' }, time: { kind: 'logit-normal', mean: 1 } },
    loss: 0.2665702998638153,
    w: { a: [0.9988631010055542, 0.9948633313179016], b: [-0.003847912885248661, 0.0012573039857670665] },
  },
  {
    posterior: {
      kind: 'epsilon',
      weighting: { kind: 'truncated-snr', space: 'x0' },
      time: { kind: 'importance', history: 1 },
    },
    loss: 3.6253836154937744,
    w: { a: [0.9961228966712952, 0.994434118270874], b: [-0.0016406027134507895, -0.002811644459143281] },
  },
] as const;

describe('posterior.weighting / posterior.time: the deprecated spelling of train.objective "weighted-denoising"', () => {
  it('is translated at config resolution, with one warning naming the fields and the new spelling', () => {
    const warnings: string[] = [];
    const old = { kind: 'sample', weighting: { kind: 'min-snr' }, time: { kind: 'logit-normal', mean: 1 } };
    const u = make(old, {}, warnings);
    expect(u.objective.kind).toBe('weighted-denoising');
    expect(u.config.posterior).toEqual({ kind: 'sample', labelDropout: 0, labelDropoutSeed: 0 });
    expect(u.config.train.objective).toMatchObject({
      kind: 'weighted-denoising',
      weighting: { kind: 'min-snr' },
      time: { kind: 'logit-normal', mean: 1 },
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/posterior\.weighting and posterior\.time: deprecated/);
    expect(warnings[0]).toContain(
      'train.objective: {"kind":"weighted-denoising","weighting":{"kind":"min-snr"},"time":{"kind":"logit-normal","mean":1}}',
    );
    // resolveConfig translates the same way; a config in the new spelling warns nothing.
    const resolved = resolveConfig({ ...base, posterior: old }, modules, { warn: (m) => warnings.push(m) });
    expect(resolved.train.objective.kind).toBe('weighted-denoising');
    expect(warnings).toHaveLength(2);
    make(
      { kind: 'sample' },
      { objective: { kind: 'weighted-denoising', weighting: { kind: 'min-snr' } } },
      warnings,
    );
    expect(warnings).toHaveLength(2);
  });

  it.each(ON_MAIN.map((c) => [c.posterior.time.kind, c] as const))(
    'old and new spelling train bitwise equal weights, and the numbers main gave (%s)',
    async (_name, ref) => {
      const { kind, weighting, time } = ref.posterior;
      const old = make(ref.posterior);
      const moved = make({ kind }, { objective: { kind: 'weighted-denoising', weighting, time } });
      const a = await old.train();
      const b = await moved.train();
      expect(b.lastLoss).toBe(a.lastLoss);
      expect(weights(moved)).toEqual(weights(old));
      // Against main: float32 arithmetic on the cpu backend; 1e-6 allows another JS engine's last bits.
      expect(a.lastLoss).toBeCloseTo(ref.loss, 6);
      for (const [name, values] of Object.entries(ref.w))
        weights(old)[name]!.forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 6));
    },
  );

  it('importance sampling learns only from training steps and is checkpointed as the objective’s state', async () => {
    const u = make(
      { kind: 'epsilon', time: { kind: 'importance', history: 1 } },
      { steps: 3, batchSize: 16 },
    );
    const initial = JSON.stringify(u.objective.getState!().json);
    await estimateTrainStepMemory({
      process: u.process,
      posterior: u.posterior,
      data: u.data.train,
      objective: u.objective,
    });
    const x0 = tf.zeros([4, 2]);
    tf.tidy(() => u.objective.loss({ x0 }, new SeededRng(0)));
    x0.dispose();
    expect(JSON.stringify(u.objective.getState!().json)).toBe(initial);
    await u.train(); // 3 steps of 16
    const counts = (u.objective.getState!().json as { time: { counts: number[] } }).time.counts;
    expect(counts.reduce((s, c) => s + c, 0)).toBe(48);
  });

  it('old fields at their defaults are dropped (the plain denoising loss, as before)', async () => {
    const warnings: string[] = [];
    const old = make({ kind: 'epsilon', time: { kind: 'uniform' } }, {}, warnings);
    expect(old.objective.kind).toBe('denoising');
    expect(warnings).toEqual([expect.stringMatching(/posterior\.time: deprecated.*default.*remove it/)]);
    const plain = make({ kind: 'epsilon' });
    await old.train();
    await plain.train();
    expect(weights(old)).toEqual(weights(plain));
  });

  it('both spellings: equal after defaults is accepted; disagreeing is an error naming both fields', () => {
    const warnings: string[] = [];
    const agreeing = make(
      { kind: 'epsilon', weighting: { kind: 'truncated-snr' } },
      { objective: { kind: 'weighted-denoising', weighting: { kind: 'truncated-snr', space: 'x0' } } },
      warnings,
    );
    expect(agreeing.objective.kind).toBe('weighted-denoising');
    expect(warnings).toEqual([
      expect.stringMatching(/repeated in train\.objective; remove posterior\.weighting/),
    ]);
    const cases: unknown[] = [
      { kind: 'weighted-denoising', weighting: { kind: 'snr' } },
      { kind: 'weighted-denoising', weighting: { kind: 'truncated-snr' }, time: { kind: 'importance' } },
      { kind: 'denoising' },
    ];
    for (const objective of cases) {
      let error: unknown;
      try {
        make({ kind: 'epsilon', weighting: { kind: 'truncated-snr' } }, { objective });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/posterior\.weighting .*train\.objective .*disagree/);
    }
  });

  it('bad old fields name the field written; other posterior kinds never had them', () => {
    expect(() => make({ kind: 'epsilon', weighting: { kind: 'nope' } })).toThrow(/posterior\.weighting/);
    expect(() => make({ kind: 'epsilon', time: { kind: 'importance', history: 0 } })).toThrow(
      /posterior\.time\.history/,
    );
    expect(() => make({ kind: 'epsilon', weighting: { kind: 'likelihood' } })).toThrow(/likelihood/);
    expect(() => make({ kind: 'learned-range', time: { kind: 'importance' } })).toThrow(/posterior.*time/);
  });
});
