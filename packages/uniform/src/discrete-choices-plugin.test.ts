import { describe, expect, it } from 'vitest';
import {
  contribution,
  createUdm,
  definePlugin,
  DISCRETE_CHOICES,
  literal,
  registriesOf,
  required,
  struct,
  createContainer,
  type KeepSchedule,
} from '@udm/core';
import { dataModule } from '@udm/data';
import type { MaskingProcess } from '@udm/masked';
import { MASKED_CHOICES, maskedModule } from '@udm/masked';
import { netsModule } from '@udm/nets';
import type { UniformProcess } from './process/uniform-process.js';
import { uniformModule } from './uniform-module.js';

/** A keep schedule written in a plugin's own module: α(τ) = 1 − √τ. */
class SqrtKeepSchedule implements KeepSchedule {
  readonly kind = 'sqrt';
  alpha(tau: number): number {
    return 1 - Math.sqrt(tau);
  }
  alphaDerivative(tau: number): number {
    return -0.5 / Math.sqrt(Math.max(tau, 1e-12));
  }
}

const sqrtPlugin = definePlugin(({ contribute }) =>
  contribute(
    DISCRETE_CHOICES.KeepSchedule.token,
    contribution({
      kind: 'sqrt',
      description: 'α(τ) = 1 − √τ',
      codec: struct('sqrt keep schedule', { kind: required(literal('sqrt')) }),
      create: (): KeepSchedule => new SqrtKeepSchedule(),
    }),
  ),
);

const base = {
  seed: 1,
  data: { kind: 'first-names', length: 16 },
  network: { kind: 'transformer', dModel: 8, heads: 1, layers: 1, mlpRatio: 1 },
};

describe('core’s discrete choice points (keep schedule α(τ), clock) extended from a plugin’s own module', () => {
  it('uniform needs only core: its built-in schedules and clocks come from coreModule', () => {
    const udm = createUdm(
      {
        ...base,
        process: { kind: 'uniform', schedule: { kind: 'cosine' }, time: { kind: 'discrete', T: 50 } },
        posterior: { kind: 'uniform' },
        sample: { step: { kind: 'uniform-ancestral' }, steps: 4 },
      },
      [uniformModule, netsModule, dataModule],
    );
    try {
      const p = udm.process as UniformProcess;
      expect(p.schedule.kind).toBe('cosine');
      expect(p.clock.kind).toBe('discrete');
      expect(p.alpha(24)).toBeCloseTo(Math.cos((Math.PI / 2) * (25 / 50)), 15);
    } finally {
      udm.dispose();
    }
  });

  it('a schedule bound by a plugin is a valid process.schedule of both the uniform and the masked process', () => {
    const modules = [maskedModule, uniformModule, netsModule, dataModule, sqrtPlugin];
    const uniform = createUdm(
      {
        ...base,
        process: { kind: 'uniform', schedule: { kind: 'sqrt' } },
        posterior: { kind: 'uniform' },
        sample: { step: { kind: 'uniform-ancestral' }, steps: 4 },
      },
      modules,
    );
    const masked = createUdm(
      {
        ...base,
        process: { kind: 'masked', schedule: { kind: 'sqrt' } },
        posterior: { kind: 'subs' },
        sample: { step: { kind: 'masked-ancestral' }, steps: 4 },
      },
      modules,
    );
    try {
      expect((uniform.process as UniformProcess).alpha(0.25)).toBeCloseTo(0.5, 15);
      expect((masked.process as MaskingProcess).alpha(0.25)).toBeCloseTo(0.5, 15);
    } finally {
      uniform.dispose();
      masked.dispose();
    }
    const listed = registriesOf(createContainer(modules)).choices.find(
      (c) => c.point.token === DISCRETE_CHOICES.KeepSchedule.token,
    );
    expect(listed?.registry.kinds).toEqual(['cosine', 'linear', 'log-linear', 'sqrt']);
  });

  it('without the plugin the kind is refused, naming the field and the known kinds; the old masked token is the same', () => {
    expect(() =>
      createUdm(
        {
          ...base,
          process: { kind: 'uniform', schedule: { kind: 'sqrt' } },
          posterior: { kind: 'uniform' },
          sample: { step: { kind: 'uniform-ancestral' }, steps: 4 },
        },
        [uniformModule, netsModule, dataModule],
      ),
    ).toThrow(/process\.schedule\.kind: expected one of "cosine", "linear", "log-linear", got "sqrt"/);
    expect(MASKED_CHOICES.MaskSchedule.token).toBe(DISCRETE_CHOICES.KeepSchedule.token);
    expect(MASKED_CHOICES.MaskClock.token).toBe(DISCRETE_CHOICES.ScheduleClock.token);
  });
});
