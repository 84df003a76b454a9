import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ContinuousScheduleClock, LogLinearKeepSchedule, pointMassPrediction, SeededRng } from '@udm/core';
import { infill } from './infill.js';
import { nelboObjective } from './posterior/nelbo-objective.js';
import { SubsPosterior } from './posterior/subs-posterior.js';
import { UnigramNetwork } from './posterior/test-networks.js';
import { MaskingProcess } from './process/masking-process.js';
import { ancestralRule } from './sampling/ancestral-rule.js';
import { lowConfidenceRule } from './sampling/low-confidence-rule.js';
import { MaskedStep } from './sampling/masked-step.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 6;
const MASK = 5;
const process = new MaskingProcess(new LogLinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
const template = tf.tensor2d(
  [
    [1, MASK, MASK, 2, MASK, 3],
    [MASK, MASK, MASK, MASK, MASK, 4],
  ],
  [2, 6],
  'int32',
);

describe('infilling', () => {
  it('keeps every given token, fills every [MASK], is seeded, and leaks nothing', () => {
    const net = new UnigramNetwork([0, 1, 1, 1, 1, 0]);
    const posterior = new SubsPosterior(process, net, nelboObjective);
    for (const rule of [ancestralRule, lowConfidenceRule]) {
      const step = new MaskedStep(process, rule, { temperature: 1, topP: 1 });
      const before = tf.memory().numTensors;
      const run = (seed: number) => {
        const out = infill({
          process,
          predictor: posterior,
          step,
          template,
          steps: 3,
          rng: new SeededRng(seed),
        });
        const v = Array.from(out.dataSync());
        out.dispose();
        return v;
      };
      const a = run(1);
      expect(tf.memory().numTensors).toBe(before);
      const t = Array.from(template.dataSync());
      a.forEach((v, i) => {
        if (t[i] !== MASK) expect(v).toBe(t[i]);
        expect(v).not.toBe(MASK);
      });
      expect(run(1)).toEqual(a);
    }
    net.dispose();
  });

  it('with the true x0 as the prediction, infilling recovers x0 exactly', () => {
    const x0 = tf.tensor2d(
      [
        [1, 4, 4, 2, 1, 3],
        [2, 2, 3, 3, 1, 4],
      ],
      [2, 6],
      'int32',
    );
    const truth = { predict: () => pointMassPrediction(x0, V) };
    const out = infill({
      process,
      predictor: truth,
      step: new MaskedStep(process, ancestralRule, { temperature: 1, topP: 1 }),
      template,
      steps: 2,
      rng: new SeededRng(0),
    });
    expect(Array.from(out.dataSync())).toEqual(Array.from(x0.dataSync()));
    tf.dispose([out, x0]);
  });
});
