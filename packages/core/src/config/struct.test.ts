import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { decodeOrThrow } from './decode.js';
import { finiteNumber, intIn, nonNegativeInt, numberIn, oddPositiveInt, positiveInt } from './numbers.js';
import { booleanCodec, nonEmptyString, stringCodec } from './primitives.js';
import { showValue } from './show-value.js';
import { arrayOf, literal, oneOf, optional, required, struct, withDefault, type Codec } from './struct.js';

function issues<A>(codec: Codec<A>, value: unknown): readonly string[] {
  try {
    decodeOrThrow(codec, value);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('number codecs', () => {
  it.each([
    [finiteNumber, [0, -1.5, 1e300], [NaN, Infinity, -Infinity, '1', null, undefined], 'a finite number'],
    [positiveInt, [1, 2, 2 ** 53 - 1], [0, -1, 1.5, 2 ** 53, NaN, '3'], 'a positive integer'],
    [nonNegativeInt, [0, 7], [-1, 0.5, Infinity], 'a non-negative integer'],
    [oddPositiveInt, [1, 3, 5], [0, 2, 4, -1, 3.5], 'an odd positive integer'],
    [intIn(2, 4), [2, 3, 4], [1, 5, 2.5], 'an integer in [2, 4]'],
    [numberIn(0, 1), [0, 0.5, 1], [-0.1, 1.1, NaN], 'a number in [0, 1]'],
    [numberIn(0, 1, { lo: true, hi: true }), [0.5, 1e-9], [0, 1], 'a number in (0, 1)'],
    [numberIn(0, Infinity, { lo: true }), [1e-9, 1e300], [0, Infinity], 'a number in (0, ∞)'],
  ] as const)('%#: accepts and rejects as its name says', (codec, good, bad, name) => {
    expect(codec.name).toBe(name);
    for (const g of good) {
      expect(decodeOrThrow(codec, g)).toBe(g);
      expect(codec.is(g)).toBe(true);
    }
    for (const b of bad) {
      expect(codec.is(b)).toBe(false);
      expect(issues(codec, b)).toEqual([`(root): expected ${name}, got ${showValue(b)}`]);
    }
  });
});

describe('primitive codecs', () => {
  it('booleans and strings', () => {
    expect(decodeOrThrow(booleanCodec, false)).toBe(false);
    expect(issues(booleanCodec, 'false')).toEqual(['(root): expected a boolean, got "false"']);
    expect(decodeOrThrow(stringCodec, '')).toBe('');
    expect(issues(stringCodec, 1)).toEqual(['(root): expected a string, got 1']);
    expect(issues(nonEmptyString, '')).toEqual(['(root): expected a non-empty string, got ""']);
  });

  it('literal and oneOf name the expected values', () => {
    expect(issues(literal('adam'), 'sgd')).toEqual(['(root): expected "adam", got "sgd"']);
    expect(decodeOrThrow(oneOf(['a', 'b']), 'b')).toBe('b');
    expect(issues(oneOf(['a', 'b']), 'c')).toEqual(['(root): expected one of "a", "b", got "c"']);
    expect(issues(oneOf(['a', 'b']), 1)).toEqual(['(root): expected one of "a", "b", got 1']);
  });
});

describe('struct', () => {
  const inner = struct('inner', { x: required(finiteNumber), y: withDefault(positiveInt, 3) });
  const outer = struct('outer', {
    name: required(nonEmptyString),
    inner: withDefault(inner, { x: 1 }),
    list: withDefault(arrayOf(inner), []),
    note: optional(stringCodec),
  });

  it('applies defaults (nested ones through the codec) and leaves optional fields out', () => {
    const v = decodeOrThrow(outer, { name: 'n' });
    expect(v).toEqual({ name: 'n', inner: { x: 1, y: 3 }, list: [] });
    expect('note' in v).toBe(false);
    expect(decodeOrThrow(outer, { name: 'n', note: 'hi', list: [{ x: 2 }] })).toEqual({
      name: 'n',
      inner: { x: 1, y: 3 },
      list: [{ x: 2, y: 3 }],
      note: 'hi',
    });
  });

  it('reports every problem with its path, including inside arrays', () => {
    const got = issues(outer, { name: '', inner: { x: 'a', z: 1 }, list: [{ x: 1 }, { y: 0 }], extra: 1 });
    expect([...got].sort()).toEqual(
      [
        'extra: unknown key (known keys of outer: name, inner, list, note)',
        'name: expected a non-empty string, got ""',
        'inner.x: expected a finite number, got "a"',
        'inner.z: unknown key (known keys of inner: x, y)',
        'list[1].x: missing required field (expected a finite number)',
        'list[1].y: expected a positive integer, got 0',
      ].sort(),
    );
  });

  it('is() agrees with validation on shape and unknown keys', () => {
    expect(inner.is({ x: 1, y: 2 })).toBe(true);
    expect(inner.is({ x: 1, q: 2 })).toBe(false);
    expect(inner.is(null)).toBe(false);
    expect(inner.is([])).toBe(false);
  });

  it('a struct with no fields accepts only {} and says so', () => {
    const empty = struct('empty', {});
    expect(decodeOrThrow(empty, {})).toEqual({});
    expect(issues(empty, { a: 1 })).toEqual(['a: unknown key (known keys of empty: none)']);
  });

  it('keys inherited from Object.prototype are not fields', () => {
    expect(issues(inner, JSON.parse('{"x": 1, "constructor": 1}'))).toEqual([
      'constructor: unknown key (known keys of inner: x, y)',
    ]);
    expect(issues(inner, JSON.parse('{"x": 1, "__proto__": {"y": 1}}'))[0]).toMatch(
      /^__proto__: unknown key/,
    );
  });
});

describe('arrayOf', () => {
  it('names the minimum length and checks each item', () => {
    const c = arrayOf(finiteNumber, 2);
    expect(c.name).toBe('an array of a finite number (at least 2)');
    expect(decodeOrThrow(c, [1, 2])).toEqual([1, 2]);
    expect(issues(c, [1])).toEqual(['(root): expected an array of a finite number (at least 2), got [1]']);
    expect(issues(c, [1, NaN, 'x'])).toEqual([
      '[1]: expected a finite number, got NaN',
      '[2]: expected a finite number, got "x"',
    ]);
    expect(issues(c, 'abc')).toEqual([
      '(root): expected an array of a finite number (at least 2), got "abc"',
    ]);
  });
});

describe('showValue', () => {
  it('renders received values readably', () => {
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue(NaN)).toBe('NaN');
    expect(showValue(-Infinity)).toBe('-Infinity');
    expect(showValue(3n)).toBe('3n');
    expect(showValue(() => 1)).toBe('a function');
    expect(showValue('a')).toBe('"a"');
    expect(showValue({ a: [1] })).toBe('{"a":[1]}');
    expect(showValue(Symbol('s'))).toBe('Symbol(s)');
    const long = showValue('x'.repeat(100));
    expect(long).toHaveLength(80);
    expect(long.endsWith('...')).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showValue(cyclic)).toBe('[object Object]');
  });
});
