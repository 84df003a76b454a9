import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ContinuousScheduleClock, LinearKeepSchedule, SeededRng } from '@udm/core';
import { nelboObjective } from '../posterior/nelbo-objective.js';
import { SubsPosterior } from '../posterior/subs-posterior.js';
import { UnigramNetwork } from '../posterior/test-networks.js';
import { MaskingProcess } from '../process/masking-process.js';
import { ResampleStep } from './resample-step.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 4; // ids 0..2, 3 = [MASK]
const MASK = 3;
const logits = [0.3, -0.6, 1.1, 0];

describe('ResampleStep (seed 002 eq. 59 as written)', () => {
  const process = new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
  const net = new UnigramNetwork(logits);
  const posterior = new SubsPosterior(process, net, nelboObjective);
  const z = logits.slice(0, MASK).reduce((a, v) => a + Math.exp(v), 0);
  const q = (v: number) => (v === MASK ? 0 : Math.exp(logits[v]!) / z);

  it('draws x_s from the exact law: x̂0 ~ q(x0 | x_t) at each position, then kept with probability α_s', () => {
    // x_t = ([MASK], 2): position 0 draws from q, position 1 is a point mass on 2 (SUBS), both re-masked w.p. 1 − α_s.
    const N = 20000;
    const xt = tf.tensor2d(
      Int32Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? MASK : 2)),
      [N, 2],
      'int32',
    );
    const pred = posterior.predict(xt, Float64Array.of(0.8));
    const t = 0.8;
    const s = 0.5;
    const alphaS = process.alpha(s);
    const xs = new ResampleStep(process).step(xt, pred, t, s, new SeededRng(4));
    const ids = xs.dataSync();
    const counts = new Float64Array(V * V);
    for (let b = 0; b < N; b++) counts[ids[2 * b]! * V + ids[2 * b + 1]!]!++;
    const p0 = (v: number) => (v === MASK ? 1 - alphaS : alphaS * q(v));
    const p1 = (v: number) => (v === MASK ? 1 - alphaS : v === 2 ? alphaS : 0);
    for (let a = 0; a < V; a++)
      for (let c = 0; c < V; c++) {
        const p = p0(a) * p1(c);
        const f = counts[a * V + c]! / N;
        expect(Math.abs(f - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / N) + 1e-12);
      }
    // what a carry-over step (MDLM) or an argmax x̂0 would get wrong: position 1 re-masked, position 0 not only argmax
    expect(counts[MASK * V + MASK]! / N).toBeGreaterThan(0.2);
    expect(counts[0 * V + 2]! + counts[1 * V + 2]!).toBeGreaterThan(0);
    tf.dispose([xt, pred.logProbs, pred.x0, xs]);
  });

  it('reveals everything at the origin, is seeded and validates its options', () => {
    const xt = tf.tensor2d([[MASK, 1, MASK]], [1, 3], 'int32');
    const pred = posterior.predict(xt, Float64Array.of(0.3));
    const step = new ResampleStep(process);
    const a = step.step(xt, pred, 0.3, 0, new SeededRng(1));
    const b = step.step(xt, pred, 0.3, 0, new SeededRng(1));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toContain(MASK);
    expect(a.dataSync()[1]).toBe(1);
    expect(() => step.step(xt, pred, 0.3, 0.3, new SeededRng(1))).toThrow(/expected s < t/);
    expect(() => new ResampleStep(process, { temperature: -1, topP: 1 })).toThrow(/temperature/);
    tf.dispose([xt, pred.logProbs, pred.x0, a, b]);
  });
});
