import { describe, expect, it } from 'vitest';
import { applyConfigSets, parseConfigSet } from './config-set.js';

describe('--set key.path=value', () => {
  it('reads the value as JSON when it parses, else as text', () => {
    expect(parseConfigSet('train.steps=500')).toEqual({ path: ['train', 'steps'], value: 500 });
    expect(parseConfigSet('sample.grid.kind=trailing')).toEqual({
      path: ['sample', 'grid', 'kind'],
      value: 'trailing',
    });
    expect(parseConfigSet('network.hidden=[64, 64]').value).toEqual([64, 64]);
    expect(parseConfigSet('sample.step={"kind":"ddim","eta":0.5}').value).toEqual({ kind: 'ddim', eta: 0.5 });
    expect(parseConfigSet('sample.useEma=false').value).toBe(false);
    expect(parseConfigSet('data.kind="123"').value).toBe('123');
    expect(parseConfigSet('a.b=x=y').value).toBe('x=y');
  });

  it('rejects text that is not key.path=value, and prototype keys', () => {
    expect(() => parseConfigSet('train.steps')).toThrow(/--set train\.steps: expected key\.path=value/);
    expect(() => parseConfigSet('=3')).toThrow(/expected key\.path=value/);
    expect(() => parseConfigSet('train..steps=3')).toThrow(/not a config path/);
    expect(() => parseConfigSet('__proto__.polluted=1')).toThrow(/not a config path/);
  });

  it('sets nested fields on a copy, creating missing objects, indexing lists', () => {
    const config = { train: { steps: 3000, batchSize: 256 }, network: { hidden: [128, 128] } };
    const out = applyConfigSets(config, [
      'train.steps=500',
      'sample.grid.kind=trailing',
      'network.hidden.1=64',
    ]);
    expect(out).toEqual({
      train: { steps: 500, batchSize: 256 },
      network: { hidden: [128, 64] },
      sample: { grid: { kind: 'trailing' } },
    });
    expect(config.train.steps).toBe(3000);
    expect(config.network.hidden).toEqual([128, 128]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('names the path when a field on the way is not an object or an index is out of range', () => {
    expect(() => applyConfigSets({ train: { steps: 5 } }, ['train.steps.x=1'])).toThrow(
      /--set train\.steps\.x: train\.steps is 5, not an object/,
    );
    expect(() => applyConfigSets({ network: { hidden: [1, 2] } }, ['network.hidden.7=1'])).toThrow(
      /network\.hidden is a list of 2/,
    );
  });
});
