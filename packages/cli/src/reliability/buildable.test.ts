import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, contribution, definePlugin, literal, required, struct, TOKENS } from '@udm/core';
import { gaussianModule } from '@udm/gaussian';
import { tinyTestModule } from '@udm/testing';
import { composer, findBuildable, levelOf, thrownBy } from './buildable.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * A posterior kind that never builds and says so with a message naming another section (`data: …`), as a part
 * that cannot use the chosen data does. Bound before the Gaussian posteriors, so the search tries it first.
 */
const picky = definePlugin(({ contribute }) =>
  contribute(
    TOKENS.PosteriorModel,
    contribution({
      kind: 'picky',
      description: 'never builds (test)',
      codec: struct('picky posterior', { kind: required(literal('picky')) }),
      create: () => {
        throw new ConfigError(['data: the picky posterior needs data no data kind has']);
      },
    }),
  ),
);
const modules = [tinyTestModule({ train: 32 }), picky, gaussianModule];

describe('reliability search: a failure is blamed on the part that threw it', () => {
  it('marks a factory’s error with its section; the error path is only the fallback', () => {
    const compose = composer(modules);
    let error: unknown;
    try {
      compose({
        data: { kind: 'tiny' },
        process: { kind: 'vp', T: 10 },
        network: { kind: 'affine' },
        posterior: { kind: 'picky' },
        sample: { step: { kind: 'ddim' } },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(thrownBy(error)).toBe('posterior');
    expect(levelOf(error)).toBe(3); // data, process, network, posterior
    // A decoding error (no part threw it) is blamed on the section its path names.
    expect(levelOf(new ConfigError(['sample.steps: expected ≥ 1']))).toBe(1);
    expect(levelOf(new ConfigError(['network.hidden: expected an array']))).toBe(2);
    expect(levelOf(new Error('not a config error'))).toBe(6);
  });

  it('a part whose error names an earlier section does not send the search past a valid configuration', async () => {
    // Blamed on "data" (its message), the search would leave the only data kind and find nothing.
    const found = await findBuildable(modules, { section: 'process', kind: 'vp' });
    expect(found).toBeDefined();
    const posterior = (found!.config['posterior'] as { kind: string }).kind;
    expect(posterior).not.toBe('picky');
    expect((found!.config['data'] as { kind: string }).kind).toBe('tiny');
  });
});
