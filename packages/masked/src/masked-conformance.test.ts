import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  DiscreteScheduleClock,
  LinearKeepSchedule,
  LogLinearKeepSchedule,
  type Rng,
} from '@udm/core';
import {
  checkDeterminism,
  checkMarginalConstraint,
  checkNoLeaks,
  randomTokens,
  runConformance,
  withPointMassX0,
} from '@udm/testing';
import { MaskingProcess } from './process/masking-process.js';
import { ancestralRule } from './sampling/ancestral-rule.js';
import { lowConfidenceRule } from './sampling/low-confidence-rule.js';
import { MaskedStep } from './sampling/masked-step.js';
import { randomRule } from './sampling/random-rule.js';
import type { RevealRule } from './sampling/reveal-rule.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 12;
const L = 5;

/** The kit hands a step the true x0 as `{ x0 }`; a masked step reads it as a point-mass categorical. */
const withTrueX0 = (step: MaskedStep) => withPointMassX0(step, V);

/** Ids 0..V−2: [MASK] = V − 1 never occurs in data. */
const makeX0 = (batch: number, rng: Rng) => randomTokens(batch, L, V - 1, rng);

const subjects = [
  {
    name: 'masked, linear, continuous',
    process: new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), V - 1, V),
    times: [1, 0.6, 0.25],
  },
  {
    name: 'masked, log-linear, continuous',
    process: new MaskingProcess(new LogLinearKeepSchedule(), new ContinuousScheduleClock(), V - 1, V),
    times: [0.9, 0.5, 0.1],
  },
  {
    name: 'masked, cosine, discrete T = 100',
    process: new MaskingProcess(new CosineKeepSchedule(), new DiscreteScheduleClock(100), V - 1, V),
    times: [99, 60, 20],
  },
];

describe.each(subjects)('$name passes the conformance kit', ({ name, process, times }) => {
  const results = runConformance({
    name,
    process,
    makeX0,
    times,
    steps: [{ name: 'ancestral', step: withTrueX0(new MaskedStep(process, ancestralRule)) }],
  });
  it('runs the shape, origin, determinism, leak and marginal checks (F_t has no inverse)', () => {
    const names = results.map((r) => r.name).join('\n');
    for (const kind of [
      'shapes',
      'identity at the origin',
      'same seed',
      'no tensor leaks',
      'marginal constraint',
    ])
      expect(names).toContain(kind);
    expect(names).not.toContain('invertibility');
    expect(results.filter((r) => r.name.includes('marginal'))).toHaveLength(3);
  });
  it.each(results.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    expect(r.passed, r.detail).toBe(true);
  });
  it('the remasking and block steps are deterministic and leak-free too', () => {
    const subject = {
      name,
      process,
      makeX0,
      times,
      steps: [
        { name: 'low-confidence', step: withTrueX0(new MaskedStep(process, lowConfidenceRule)) },
        { name: 'random', step: withTrueX0(new MaskedStep(process, randomRule)) },
        {
          name: 'blocks of 2',
          step: withTrueX0(
            new MaskedStep(process, ancestralRule, { temperature: 1, topP: 1, blockLength: 2 }),
          ),
        },
      ],
    };
    for (const r of [...checkDeterminism(subject), ...checkNoLeaks(subject)])
      expect(r.passed, r.detail).toBe(true);
  });
});

describe('the marginal check has teeth for masked steps', () => {
  it('rejects an ancestral step that unmasks with probability α_s − α_t (not divided by 1 − α_t)', () => {
    const wrong: RevealRule = {
      kind: 'wrong',
      reveal: (masked, ctx) =>
        masked
          .filter(() => ctx.alphaS >= 1 || ctx.rng.uniform() < ctx.alphaS - ctx.alphaT)
          .map((position) => ({ position, id: ctx.draw(position).id })),
    };
    const process = subjects[0]!.process;
    const results = checkMarginalConstraint({
      name: 'wrong',
      process,
      makeX0,
      times: [0.8, 0.4],
      steps: [{ name: 'wrong', step: withTrueX0(new MaskedStep(process, wrong)) }],
    });
    expect(results[0]!.passed, results[0]!.detail).toBe(false);
  });
});
