import { describe, expect, it } from 'vitest';
import { decodeOrThrow } from '../config/decode.js';
import { ConfigError } from '../config/config-error.js';
import { positiveInt } from '../config/numbers.js';
import { literal, required, struct, withDefault } from '../config/struct.js';
import { contribution } from './contribution.js';
import { Registry } from './registry.js';

const alpha = contribution({
  kind: 'alpha',
  description: 'a',
  codec: struct('alpha thing', { kind: required(literal('alpha')), n: withDefault(positiveInt, 2) }),
  create: (c: { n: number }, deps: { base: number }) => deps.base * c.n,
});
const beta = contribution({
  kind: 'beta',
  description: 'b',
  codec: struct('beta thing', { kind: required(literal('beta')) }),
  create: (_c, deps: { base: number }) => -deps.base,
});

describe('Registry', () => {
  it('lists its kinds sorted and builds by kind', () => {
    const r = new Registry('thing', [beta, alpha]);
    expect(r.kinds).toEqual(['alpha', 'beta']);
    expect(r.has('alpha')).toBe(true);
    expect(r.has('gamma')).toBe(false);
    expect(r.entries).toHaveLength(2);
    const cfg = decodeOrThrow(r.codec(), { kind: 'alpha', n: 5 });
    expect(r.create(cfg, { base: 3 })).toBe(15);
    expect(r.create(decodeOrThrow(r.codec(), { kind: 'beta' }), { base: 3 })).toBe(-3);
  });

  it('a duplicate kind throws at construction', () => {
    expect(() => new Registry('thing', [alpha, beta, alpha])).toThrow(
      'thing: kind "alpha" is registered twice',
    );
  });

  it('aliases: another spelling of a kind decodes to the kind itself; a clash throws', () => {
    const aliased = { ...alpha, aliases: ['alpha_v2', 'a'] };
    const r = new Registry('thing', [aliased, beta]);
    expect(r.kinds).toEqual(['alpha', 'beta']);
    expect(r.has('alpha_v2')).toBe(true);
    expect(r.get('a')).toBe(aliased);
    const cfg = decodeOrThrow(r.codec(), { kind: 'alpha_v2', n: 4 });
    expect(cfg).toEqual({ kind: 'alpha', n: 4 });
    expect(r.create(cfg, { base: 2 })).toBe(8);
    expect(() => new Registry('thing', [aliased, { ...beta, aliases: ['a'] }])).toThrow(
      'thing: kind "a" (an alias of "beta") is registered twice',
    );
    expect(() => new Registry('thing', [aliased, { ...beta, kind: 'a' }])).toThrow(
      /kind "a" .*registered twice/,
    );
  });

  it('an unknown kind names the known ones', () => {
    const r = new Registry('thing', [alpha, beta]);
    expect(() => r.get('gamma')).toThrow('thing: unknown kind "gamma" (known kinds: "alpha", "beta")');
    expect(() => new Registry('empty', []).get('x')).toThrow(
      'empty: unknown kind "x" (known kinds: none registered)',
    );
  });

  it('its codec dispatches on kind and applies that kind’s defaults', () => {
    const r = new Registry('thing', [alpha, beta]);
    expect(decodeOrThrow(r.codec(), { kind: 'alpha' })).toEqual({ kind: 'alpha', n: 2 });
    expect(r.codec().is({ kind: 'alpha', n: 1 })).toBe(true);
    expect(r.codec().is({ kind: 'alpha', m: 1 })).toBe(false);
    expect(r.codec().is({ kind: 'gamma' })).toBe(false);
    expect(r.codec().is(null)).toBe(false);
    const bad = (v: unknown) => {
      try {
        decodeOrThrow(r.codec(), v);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad({ kind: 'gamma' })).toEqual(['kind: expected one of "alpha", "beta", got "gamma"']);
    expect(bad({ kind: 'alpha', n: 0 })).toEqual(['n: expected a positive integer, got 0']);
    expect(bad({ kind: 'beta', n: 1 })).toEqual(['n: unknown key (known keys of beta thing: kind)']);
    expect(bad('alpha')).toEqual([
      '(root): expected an object with a "kind" field (one of "alpha", "beta"), got "alpha"',
    ]);
    expect(bad(['alpha'])[0]).toMatch(/^\(root\): expected an object with a "kind" field/);
  });
});
