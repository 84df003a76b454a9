import { describe, expect, it } from 'vitest';
import { createUdm, decodeOrThrow } from '@udm/core';
import { continuousScheduleRegistry } from './continuous/continuous-schedule-contributions.js';
import { scheduleRegistry } from './schedule-contributions.js';
import { gaussianModule } from '../gaussian-module.js';
import { tinyTestModule } from '@udm/testing';

describe('schedule names: the diffusers spelling and ours are accepted by every Gaussian process', () => {
  it('discrete vp: "cosine" is squaredcos_cap_v2, "scaled-linear" is scaled_linear', () => {
    const codec = scheduleRegistry.codec();
    expect(decodeOrThrow(codec, { kind: 'cosine' })).toEqual(
      decodeOrThrow(codec, { kind: 'squaredcos_cap_v2' }),
    );
    expect(decodeOrThrow(codec, { kind: 'scaled-linear' })).toMatchObject({ kind: 'scaled_linear' });
    const betas = (kind: string) =>
      scheduleRegistry.create(decodeOrThrow(codec, { kind }), undefined).betas(50);
    expect(betas('cosine')).toEqual(betas('squaredcos_cap_v2'));
    expect(betas('scaled-linear')).toEqual(betas('scaled_linear'));
  });

  it('continuous vp: "squaredcos_cap_v2" is cosine', () => {
    const codec = continuousScheduleRegistry.codec();
    expect(decodeOrThrow(codec, { kind: 'squaredcos_cap_v2', offset: 0.01 })).toEqual({
      kind: 'cosine',
      offset: 0.01,
    });
  });

  it('a resolved config records the documented spelling', () => {
    const config = (process: unknown) => ({
      seed: 0,
      data: { kind: 'tiny' },
      process,
      network: { kind: 'affine' },
      posterior: { kind: 'epsilon' },
      sample: { step: { kind: 'ddim' }, steps: 2, count: 2 },
    });
    const modules = [gaussianModule, tinyTestModule()];
    const a = createUdm(config({ kind: 'vp', T: 20, schedule: { kind: 'cosine' } }), modules);
    const b = createUdm(config({ kind: 'vp-continuous', schedule: { kind: 'squaredcos_cap_v2' } }), modules);
    try {
      expect((a.config.process as unknown as { schedule: { kind: string } }).schedule.kind).toBe('squaredcos_cap_v2');
      expect((b.config.process as unknown as { schedule: { kind: string } }).schedule.kind).toBe('cosine');
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
