import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUdm, decodeOrThrow } from '@udm/core';
import { defaultModules } from '@udm/cli';
import { distillConfigCodec, isGaussianProcess } from '@udm/gaussian';
import { consistencyModule } from '@udm/consistency';
import { mnistDistillTable } from '../src/mnist-table.js';

const json = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mnist-distill configs', () => {
  it('the teacher is an unconditional v-prediction U-Net on a continuous-time Gaussian process', () => {
    const config = json('teacher.json');
    const udm = createUdm(
      { ...config, data: { ...(config['data'] as object), train: 64, heldOut: 32 } },
      defaultModules(),
    );
    try {
      expect(isGaussianProcess(udm.process)).toBe(true);
      expect(udm.process.time.kind).toBe('continuous');
      expect(udm.data.train.itemShape).toEqual([28, 28, 1]);
      expect(udm.config.posterior.kind).toBe('v');
    } finally {
      udm.dispose();
    }
  });

  it('the CD student is the teacher with the consistency posterior, sampler and objective (no teacher needed to build)', () => {
    const teacher = json('teacher.json');
    const cd = json('consistency-cd.json');
    const same = (k: string) => expect(cd[k], k).toEqual(teacher[k]);
    ['seed', 'data', 'process', 'network'].forEach(same);
    const udm = createUdm({ ...cd, data: { ...(cd['data'] as object), train: 64, heldOut: 32 } }, [
      ...defaultModules(),
      consistencyModule,
    ]);
    try {
      expect(udm.config.posterior.kind).toBe('consistency');
      expect(udm.config.sample.sampler.kind).toBe('consistency');
      expect(udm.objective.kind).toBe('consistency-distillation');
    } finally {
      udm.dispose();
    }
  });

  it('the CT students are the CD student with a consistency-training objective (no teacher), λ ≡ 1 or 1/(σ_{n+1} − σ_n)', () => {
    const cd = json('consistency-cd.json');
    for (const [file, weighting] of [
      ['consistency-ct.json', { kind: 'constant', value: 1 }],
      ['consistency-ct-inverse-gap.json', { kind: 'inverse-gap' }],
    ] as const) {
      const ct = json(file);
      const same = (k: string) => expect(ct[k], `${file}: ${k}`).toEqual(cd[k]);
      ['seed', 'data', 'process', 'network', 'posterior', 'sample'].forEach(same);
      const { objective, ...train } = ct['train'] as Record<string, unknown>;
      const { objective: _, ...cdTrain } = cd['train'] as Record<string, unknown>;
      expect(train, file).toEqual(cdTrain);
      const udm = createUdm({ ...ct, data: { ...(ct['data'] as object), train: 64, heldOut: 32 } }, [
        ...defaultModules(),
        consistencyModule,
      ]);
      try {
        expect(udm.objective.kind).toBe('consistency-training');
        expect(udm.config.train.objective).toMatchObject({
          ...(objective as object),
          levelSampling: 'lognormal',
          weighting,
        });
      } finally {
        udm.dispose();
      }
    }
  });

  it('the distillation halves N = teacherSteps down to whole step counts', () => {
    const d = decodeOrThrow(distillConfigCodec, json('distill.json'), 'distill.json');
    expect(d.teacherSteps % 2 ** d.rounds).toBe(0);
  });

  it('formats a result as the README table', () => {
    const t = mnistDistillTable({
      rows: [
        {
          model: 'teacher',
          round: 0,
          steps: 16,
          sampleSeconds: 2,
          metrics: { frechet: 80, confidence: 0.9, classEntropy: 3.1 },
        },
        {
          model: 'student',
          round: 1,
          steps: 8,
          sampleSeconds: 1,
          trainSeconds: 60,
          metrics: { frechet: 90, confidence: 0.85, classEntropy: 3 },
        },
      ],
      reference: { frechet: 48.7, confidence: 0.998, classEntropy: 3.25, classifierAccuracy: 0.96 },
    });
    expect(t.split('\n')).toEqual([
      '| model | DDIM steps | Fréchet distance | classifier confidence | class entropy (bits) | sampling s | round training s |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| teacher | 16 | 80.0 | 0.900 | 3.10 | 2.00 | – |',
      '| student, round 1 | 8 | 90.0 | 0.850 | 3.00 | 1.00 | 60.0 |',
      '| training data (floor) | – | 48.7 | 0.998 | 3.25 | – | – |',
    ]);
  });
});
