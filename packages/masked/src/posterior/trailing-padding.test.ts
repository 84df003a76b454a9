import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MaskingProcess } from '../process/masking-process.js';
import { nelboObjective } from './nelbo-objective.js';
import { SubsPosterior } from './subs-posterior.js';
import { UnigramNetwork } from './test-networks.js';
import { ContinuousScheduleClock, LinearKeepSchedule } from '@udm/core';

await tf.setBackend('cpu');
await tf.ready();

// ids: 0 = [PAD], 1..3 letters, 4 = [MASK]
const V = 5;
const MASK = 4;
const PAD = 0;
const process = new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
const logits = [0.3, -1, 2, 0.5, 7];
const z = logits.slice(0, MASK).reduce((a, v) => a + Math.exp(v), 0);

describe('SUBS with trailing padding (posterior.trailingPadId)', () => {
  const net = new UnigramNetwork(logits);
  const plain = new SubsPosterior(process, net, nelboObjective);
  const padded = new SubsPosterior(process, net, nelboObjective, { trailingPadId: PAD });
  // row 0: "a ? b ? ?" with [PAD] known at 3 → position 1 cannot be [PAD], position 4 must be [PAD]
  // row 1: all masked → the network's softmax unchanged
  const xt = tf.tensor2d(
    [
      [1, MASK, 2, PAD, MASK],
      [MASK, MASK, MASK, MASK, MASK],
    ],
    [2, 5],
    'int32',
  );

  it('excludes text after a known [PAD] and [PAD] before known text; leaves free positions as they were', () => {
    const before = tf.memory().numTensors;
    const p = padded.predict(xt, 0.5);
    const probs = (p.logProbs.arraySync() as number[][][]).map((r) => r.map((l) => l.map(Math.exp)));
    tf.dispose([p.logProbs, p.x0]);
    expect(tf.memory().numTensors).toBe(before);
    // position 1 of row 0: [PAD] excluded, the letters renormalised
    const zLetters = z - Math.exp(logits[PAD]!);
    expect(probs[0]![1]![PAD]).toBe(0);
    for (const v of [1, 2, 3]) expect(probs[0]![1]![v]).toBeCloseTo(Math.exp(logits[v]!) / zLetters, 6);
    // position 4 of row 0: certainly [PAD]
    expect(probs[0]![4]!).toEqual([1, 0, 0, 0, 0]);
    // row 1 has nothing unmasked: the plain SUBS softmax
    for (let v = 0; v < MASK; v++) expect(probs[1]![2]![v]).toBeCloseTo(Math.exp(logits[v]!) / z, 6);
  });

  it('costs less on padded data than the plain SUBS posterior, never more, at every position', () => {
    const x0 = tf.tensor2d(
      [
        [1, 3, 2, PAD, PAD],
        [2, 1, PAD, PAD, PAD],
      ],
      [2, 5],
      'int32',
    );
    const a = padded.tokenNll(xt, x0, Float64Array.from([0.5, 1]));
    const b = plain.tokenNll(xt, x0, Float64Array.from([0.5, 1]));
    const na = a.arraySync() as number[][];
    const nb = b.arraySync() as number[][];
    for (let i = 0; i < 2; i++)
      for (let l = 0; l < 5; l++) expect(na[i]![l]!).toBeLessThanOrEqual(nb[i]![l]! + 1e-6);
    expect(na[0]![4]).toBeCloseTo(0, 6);
    expect(na[0]![1]).toBeLessThan(nb[0]![1]!);
    tf.dispose([a, b, x0]);
  });

  it('names a trailingPadId that is not a usable token id', () => {
    expect(() => new SubsPosterior(process, net, nelboObjective, { trailingPadId: MASK })).toThrow(
      /trailingPadId/,
    );
    expect(() => new SubsPosterior(process, net, nelboObjective, { trailingPadId: 9 })).toThrow(
      /trailingPadId/,
    );
  });
});
