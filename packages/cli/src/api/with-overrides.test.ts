import { describe, expect, it } from 'vitest';
import { withOverrides } from './with-overrides.js';

const config = {
  seed: 3,
  posterior: { kind: 'subs', objective: { kind: 'nelbo' } },
  train: { steps: 2000, batchSize: 64 },
};

describe('withOverrides', () => {
  it('replaces train.steps and posterior.objective and keeps every other field', () => {
    const out = withOverrides(config, { steps: 5, objective: 'cross-entropy' });
    expect(out).toEqual({
      seed: 3,
      posterior: { kind: 'subs', objective: { kind: 'cross-entropy' } },
      train: { steps: 5, batchSize: 64 },
    });
    // The input is left as it was.
    expect(config.train.steps).toBe(2000);
    expect(config.posterior.objective.kind).toBe('nelbo');
  });

  it('undefined overrides leave the config as it is; absent sections are created', () => {
    expect(withOverrides(config, { steps: undefined, objective: undefined })).toEqual(config);
    expect(withOverrides({ seed: 1 }, { steps: 7 })).toEqual({ seed: 1, train: { steps: 7 } });
  });

  it('a config that is not an object, or a section that is not one, is an error naming it', () => {
    expect(() => withOverrides(null, { steps: 1 })).toThrow(/config: expected an object, got null/);
    expect(() => withOverrides([], { steps: 1 })).toThrow(/config: expected an object/);
    expect(() => withOverrides({ train: 'fast' }, { steps: 1 })).toThrow(
      /config\.train: expected an object, got "fast"/,
    );
  });
});
