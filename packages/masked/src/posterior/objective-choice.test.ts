import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CHOICE_POINTS,
  ConfigError,
  contribution,
  createContainer,
  createUdm,
  definePlugin,
  literal,
  required,
  struct,
  type ForwardSample,
} from '@udm/core';
import { dataModule } from '@udm/data';
import { netsModule } from '@udm/nets';
import { maskedModule } from '../masked-module.js';
import { crossEntropyObjective } from './cross-entropy-objective.js';
import { MASKED_CHOICES } from './masked-choices.js';
import type { MaskedObjective } from './masked-objective.js';
import type { SubsPosterior } from './subs-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

/** A training objective written in a plugin's own module: twice the seed's cross-entropy on masked tokens. */
const twiceCrossEntropy: MaskedObjective = {
  kind: 'twice-cross-entropy',
  loss: (posterior: SubsPosterior, sample: ForwardSample) =>
    tf.tidy(() => crossEntropyObjective.loss(posterior, sample).mul(2)),
};
const objectivePlugin = definePlugin(({ contribute }) =>
  contribute(
    MASKED_CHOICES.Objective.token,
    contribution({
      kind: 'twice-cross-entropy',
      description: '2 × the masked-token cross-entropy',
      codec: struct('twice-cross-entropy objective', { kind: required(literal('twice-cross-entropy')) }),
      create: (): MaskedObjective => twiceCrossEntropy,
    }),
  ),
);

const config = (objective: string) => ({
  seed: 3,
  data: { kind: 'first-names', length: 16 },
  process: { kind: 'masked' },
  network: { kind: 'transformer', dModel: 8, heads: 1, layers: 1, mlpRatio: 1 },
  posterior: { kind: 'subs', objective: { kind: objective } },
  train: { steps: 1, batchSize: 8 },
  sample: { step: { kind: 'masked-ancestral' }, steps: 4 },
});

describe('MASKED_CHOICES.Objective: the SUBS posterior’s objective extended from a plugin’s own module', () => {
  it('a plugin’s objective is a valid posterior.objective and is the one trained (twice the first loss)', async () => {
    const firstLoss = async (objective: string): Promise<number> => {
      const udm = createUdm(config(objective), [maskedModule, netsModule, dataModule, objectivePlugin]);
      try {
        expect((udm.posterior as SubsPosterior).objective.kind).toBe(objective);
        return (await udm.train()).lastLoss;
      } finally {
        udm.dispose();
      }
    };
    const before = tf.memory().numTensors;
    const plain = await firstLoss('cross-entropy');
    const twice = await firstLoss('twice-cross-entropy');
    expect(twice).toBeCloseTo(2 * plain, 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without the plugin the kind is an error naming posterior.objective and the built-in kinds', () => {
    expect(() => createUdm(config('twice-cross-entropy'), [maskedModule, netsModule, dataModule])).toThrow(
      ConfigError,
    );
    expect(() => createUdm(config('twice-cross-entropy'), [maskedModule, netsModule, dataModule])).toThrow(
      /posterior\.objective[\s\S]*nelbo/,
    );
  });

  it('is listed once among the choice points (udm list)', () => {
    const c = createContainer([maskedModule]);
    const points = c.getAll(CHOICE_POINTS);
    expect(points.filter((p) => p.section === 'posterior.objective')).toHaveLength(1);
    expect(
      c
        .getAll(MASKED_CHOICES.Objective.token)
        .flat()
        .map((o) => o.kind),
    ).toEqual(['nelbo', 'cross-entropy', 'nelbo-count']);
  });
});
