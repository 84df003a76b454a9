import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  type DataBatch,
  type Dataset,
  DiscreteScheduleClock,
  type KeepSchedule,
  LinearKeepSchedule,
  type ScheduleClock,
  SeededRng,
} from '@udm/core';
import { nelboObjective } from '../posterior/nelbo-objective.js';
import { SubsPosterior } from '../posterior/subs-posterior.js';
import { UnigramNetwork } from '../posterior/test-networks.js';
import { MaskingProcess } from '../process/masking-process.js';
import { evaluateNelbo } from './evaluate-nelbo.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 6;
const PAD = 0;
const MASK = 5;
const L = 8;

/** n sequences of random ids 1..4, the last `pad` positions of each [PAD]. */
function tokenData(n: number, pad: number, seed: number): Dataset & { ids: Int32Array } {
  const rng = new SeededRng(seed);
  const ids = Int32Array.from({ length: n * L }, (_, i) => (i % L >= L - pad ? PAD : 1 + rng.int(4)));
  return {
    ids,
    itemShape: [L],
    size: n,
    categories: V,
    gather: (idx: Int32Array): DataBatch => ({
      x0: tf.tensor2d(
        Int32Array.from(idx.length ? [...idx].flatMap((i) => [...ids.subarray(i * L, (i + 1) * L)]) : []),
        [idx.length, L],
        'int32',
      ),
    }),
    toArray: () => Float32Array.from(ids),
  };
}

describe('NELBO in bits per character', () => {
  const logits = [0.2, 1, -0.5, 0.3, 0.8, 0];
  const z = logits.slice(0, MASK).reduce((a, v) => a + Math.exp(v), 0);
  const bitsOf = (v: number) => -Math.log2(Math.exp(logits[v]!) / z);

  const cases: Array<[string, KeepSchedule, ScheduleClock]> = [
    ['linear, continuous', new LinearKeepSchedule(), new ContinuousScheduleClock()],
    ['cosine, continuous', new CosineKeepSchedule(), new ContinuousScheduleClock()],
    ['linear, discrete T = 50', new LinearKeepSchedule(), new DiscreteScheduleClock(50)],
  ];

  it.each(cases)(
    '%s: for a context-free model the bound equals its exact code length (Σ_l −log₂ q(x0^l))',
    (_name, schedule, clock) => {
      // A model that ignores x_t gives E_t[w(t)·#masked·CE] = L·CE whatever the schedule: the integral of
      // w(t)·(1 − α_t) over t is 1. The estimate must agree within its standard error.
      const process = new MaskingProcess(schedule, clock, MASK, V);
      const net = new UnigramNetwork(logits);
      const data = tokenData(300, 3, 1);
      const r = evaluateNelbo(new SubsPosterior(process, net, nelboObjective), data, {
        rng: new SeededRng(2),
        timesPerSequence: 8,
        padId: PAD,
      });
      let exact = 0;
      for (const v of data.ids) exact += bitsOf(v);
      const chars = data.ids.filter((v) => v !== PAD).length;
      expect(r.characters).toBe(chars);
      expect(r.sequences).toBe(300);
      expect(Math.abs(r.bitsPerChar - exact / chars)).toBeLessThan(4 * r.bitsPerCharStdError);
      expect(r.bitsPerCharStdError).toBeLessThan(0.05 * r.bitsPerChar);
      expect(r.bitsPerToken).toBeCloseTo((r.bitsPerChar * chars) / (300 * L), 10);
      net.dispose();
    },
  );

  it('is seeded and leaves no tensors behind', () => {
    const process = new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
    const net = new UnigramNetwork(logits);
    const post = new SubsPosterior(process, net, nelboObjective);
    const data = tokenData(50, 0, 3);
    const before = tf.memory().numTensors;
    const a = evaluateNelbo(post, data, { rng: new SeededRng(5), batchSize: 16, maxSequences: 40 });
    expect(tf.memory().numTensors).toBe(before);
    const b = evaluateNelbo(post, data, { rng: new SeededRng(5), batchSize: 16, maxSequences: 40 });
    expect(a).toEqual(b);
    expect(a.sequences).toBe(40);
    expect(a.bitsPerChar).toBe(a.bitsPerToken);
    net.dispose();
  });
});
