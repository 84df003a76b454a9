import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  type CategoricalPrediction,
  ContinuousScheduleClock,
  DiscreteScheduleClock,
  IMPOSSIBLE,
  LinearKeepSchedule,
  LogLinearKeepSchedule,
  pointMassPrediction,
  SeededRng,
} from '@udm/core';
import { MaskingProcess } from '../process/masking-process.js';
import { ancestralRule } from './ancestral-rule.js';
import { lowConfidenceRule } from './low-confidence-rule.js';
import { MaskedStep } from './masked-step.js';
import { randomRule } from './random-rule.js';
import { unmaskCount, unmaskProbability } from './reveal-rule.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 8;
const MASK = V - 1;
const linear = new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
const logLinear = new MaskingProcess(new LogLinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
const discrete = new MaskingProcess(new LinearKeepSchedule(), new DiscreteScheduleClock(100), MASK, V);
const plain = { temperature: 1, topP: 1 };

/** x0 [B, L] with x0[b, l] = (b + l) mod (V − 1). */
function target(B: number, L: number): tf.Tensor {
  return tf.tensor2d(
    Int32Array.from({ length: B * L }, (_, i) => (Math.floor(i / L) + (i % L)) % (V - 1)),
    [B, L],
    'int32',
  );
}

function run(
  step: MaskedStep,
  xt: tf.Tensor,
  p: CategoricalPrediction,
  t: number,
  s: number,
  seed = 1,
): Int32Array {
  return tf.tidy(() => step.step(xt, p, t, s, new SeededRng(seed)).dataSync() as Int32Array);
}

describe('ancestral step: unmasking probabilities for any s < t', () => {
  const [B, L] = [500, 40];
  const x0 = target(B, L);
  const p = pointMassPrediction(x0, V);
  const allMasked = linear.prior([B, L]);

  it.each([
    [linear, 1, 0.9],
    [linear, 1, 0.5],
    [linear, 0.7, 0.2],
    [linear, 0.31, 0.3],
    [logLinear, 1, 0.25],
    [logLinear, 0.5, 0.05],
    [discrete, 99, 49],
    [discrete, 10, 9],
  ] as const)(
    '%#: t = %s → s = %s unmasks a [MASK] with probability (α_s − α_t)/(1 − α_t)',
    (process, t, s) => {
      const step = new MaskedStep(process, ancestralRule, plain);
      const out = run(step, allMasked, p, t, s, 7);
      const truth = x0.dataSync();
      let revealed = 0;
      for (let i = 0; i < out.length; i++) {
        if (out[i] !== MASK) {
          revealed++;
          expect(out[i]).toBe(truth[i]); // tokens drawn from the point-mass q(x0 | x_t)
        }
      }
      const q = (process.alpha(s) - process.alpha(t)) / (1 - process.alpha(t));
      expect(unmaskProbability(process.alpha(t), process.alpha(s))).toBeCloseTo(q, 14);
      const se = Math.sqrt((q * (1 - q)) / out.length);
      expect(Math.abs(revealed / out.length - q)).toBeLessThanOrEqual(4.5 * se + 1e-12);
    },
  );

  it('a partly masked x_t: unmasked tokens are carried over even where the prediction disagrees', () => {
    const xt = tf.tidy(() => linear.forward(x0, linear.sampleNoise(x0, new SeededRng(2)), 0.6));
    const wrong = pointMassPrediction(tf.fill([B, L], 3, 'int32'), V);
    const before = xt.dataSync();
    const out = run(new MaskedStep(linear, ancestralRule, plain), xt, wrong, 0.6, 0.3);
    let stillMasked = 0;
    let wasMasked = 0;
    for (let i = 0; i < out.length; i++) {
      if (before[i] !== MASK) expect(out[i]).toBe(before[i]);
      else {
        wasMasked++;
        if (out[i] === MASK) stillMasked++;
        else expect(out[i]).toBe(3);
      }
    }
    // P(still masked | masked at t) = (1 − α_s)/(1 − α_t) = 0.3/0.6
    const q = 0.5;
    expect(Math.abs(stillMasked / wasMasked - q)).toBeLessThan(4.5 * Math.sqrt((q * (1 - q)) / wasMasked));
    tf.dispose([xt, wrong.logProbs, wrong.x0]);
  });

  it('the last step (s = origin) unmasks everything; fewer steps than tokens still end fully unmasked', () => {
    const out = run(new MaskedStep(linear, ancestralRule, plain), allMasked, p, 0.5, 0);
    expect(out.includes(MASK)).toBe(false);
    // 3 steps for 40 tokens.
    let x = tf.clone(allMasked);
    const rng = new SeededRng(4);
    for (const [t, s] of [
      [1, 2 / 3],
      [2 / 3, 1 / 3],
      [1 / 3, 0],
    ] as const) {
      const next = new MaskedStep(linear, ancestralRule, plain).step(x, p, t, s, rng);
      x.dispose();
      x = next;
    }
    expect(Array.from(x.dataSync())).toEqual(Array.from(x0.dataSync()));
    x.dispose();
  });

  it('same seed → identical steps; another seed → different ones', () => {
    const step = new MaskedStep(linear, ancestralRule, plain);
    expect(run(step, allMasked, p, 1, 0.5, 3)).toEqual(run(step, allMasked, p, 1, 0.5, 3));
    expect(run(step, allMasked, p, 1, 0.5, 3)).not.toEqual(run(step, allMasked, p, 1, 0.5, 4));
  });

  it('rejects s ≥ t and a prediction of the wrong size', () => {
    const step = new MaskedStep(linear, ancestralRule, plain);
    expect(() => step.step(allMasked, p, 0.5, 0.5, new SeededRng(0))).toThrow(/expected s < t/);
    const small = pointMassPrediction(target(2, 2), V);
    expect(() => step.step(allMasked, small, 1, 0.5, new SeededRng(0))).toThrow(/logProbs has/);
    tf.dispose([small.logProbs, small.x0]);
  });
});

describe('LLaDA remasking', () => {
  const [B, L] = [4, 20];
  const allMasked = linear.prior([B, L]);

  /** A prediction whose confidence at position l is high for small l: q(x0 = 2) = 0.9 − 0.04·l, rest uniform. */
  function graded(): CategoricalPrediction {
    const logp = new Float32Array(B * L * V);
    for (let b = 0; b < B; b++)
      for (let l = 0; l < L; l++)
        for (let v = 0; v < V; v++) {
          const pTop = 0.9 - 0.04 * l;
          logp[(b * L + l) * V + v] =
            v === MASK ? IMPOSSIBLE : Math.log(v === 2 ? pTop : (1 - pTop) / (V - 2));
        }
    const logProbs = tf.tensor3d(logp, [B, L, V]);
    return { logProbs, x0: tf.fill([B, L], 2, 'int32') };
  }

  it('unmask counts keep round(m·(1 − α_s)/(1 − α_t)) masked', () => {
    expect(unmaskCount(20, 0, 0.75)).toBe(15);
    expect(unmaskCount(20, 0.5, 0.6)).toBe(4); // 20·0.4/0.5 = 16 stay masked
    expect(unmaskCount(7, 0.2, 1)).toBe(7);
    expect(unmaskCount(3, 0.5, 0.5)).toBe(0);
  });

  it('low-confidence: unmasks exactly k positions, the most confident ones (temperature 0: argmax tokens)', () => {
    const p = graded();
    const out = run(
      new MaskedStep(linear, lowConfidenceRule, { temperature: 0, topP: 1 }),
      allMasked,
      p,
      1,
      0.75,
    );
    for (let b = 0; b < B; b++) {
      const row = Array.from(out.slice(b * L, (b + 1) * L));
      // 1 − α_s = 0.75 of 20 stay masked → 5 unmasked, the five most confident (positions 0..4)
      expect(row.slice(0, 5)).toEqual([2, 2, 2, 2, 2]);
      expect(row.slice(5)).toEqual(new Array(15).fill(MASK));
    }
    tf.dispose([p.logProbs, p.x0]);
  });

  it('random: unmasks exactly k positions, each equally likely over many draws', () => {
    const p = pointMassPrediction(target(B, L), V);
    const hits = new Array<number>(L).fill(0);
    const step = new MaskedStep(linear, randomRule, plain);
    for (let seed = 0; seed < 100; seed++) {
      const out = run(step, allMasked, p, 1, 0.75, seed);
      for (let b = 0; b < B; b++) {
        const row = out.slice(b * L, (b + 1) * L);
        expect(row.filter((v) => v !== MASK).length).toBe(5);
        row.forEach((v, l) => (hits[l]! += v !== MASK ? 1 : 0));
      }
    }
    // 400 rows × 5/20: each position ~ Binomial(400, 0.25)
    for (const h of hits) expect(Math.abs(h - 100)).toBeLessThan(4.5 * Math.sqrt(400 * 0.25 * 0.75));
    tf.dispose([p.logProbs, p.x0]);
  });
});

describe('semi-autoregressive blocks', () => {
  const [B, L] = [200, 12];
  const x0 = target(B, L);
  const p = pointMassPrediction(x0, V);
  const step = new MaskedStep(linear, ancestralRule, { temperature: 1, topP: 1, blockLength: 4 });

  it('decodes blocks left to right: block b during the b-th third of the time axis', () => {
    let x = linear.prior([B, L]);
    const rng = new SeededRng(5);
    const maskedPerBlock = () => {
      const v = x.dataSync();
      return [0, 1, 2].map((k) => {
        let m = 0;
        for (let b = 0; b < B; b++) for (let l = 4 * k; l < 4 * k + 4; l++) if (v[b * L + l] === MASK) m++;
        return m / (4 * B);
      });
    };
    const trace: number[][] = [];
    const grid = [1, 5 / 6, 2 / 3, 1 / 2, 1 / 3, 1 / 6, 0];
    for (let i = 0; i + 1 < grid.length; i++) {
      const next = step.step(x, p, grid[i]!, grid[i + 1]!, rng);
      x.dispose();
      x = next;
      trace.push(maskedPerBlock());
    }
    // After 1 → 5/6: block 0 is half decoded (local α = 0.5), blocks 1 and 2 untouched.
    expect(Math.abs(trace[0]![0]! - 0.5)).toBeLessThan(0.07);
    expect(trace[0]!.slice(1)).toEqual([1, 1]);
    // After 2/3: block 0 done; after 1/3: block 1 done, block 2 untouched; at 0: all done.
    expect(trace[1]).toEqual([0, 1, 1]);
    expect(trace[3]).toEqual([0, 0, 1]);
    expect(trace[5]).toEqual([0, 0, 0]);
    expect(Array.from(x.dataSync())).toEqual(Array.from(x0.dataSync()));
    x.dispose();
  });

  it('a step that spans several blocks advances each of them', () => {
    const out = run(step, linear.prior([B, L]), p, 1, 0);
    expect(out.includes(MASK)).toBe(false);
  });
});
