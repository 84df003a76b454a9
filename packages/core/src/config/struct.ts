import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { recordStructFields } from './codec-info.js';
import { showValue } from './show-value.js';

/** A field of a `struct`: its codec, and what happens when it is absent. */
/** Any io-ts codec that decodes unknown input to `A`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Codec<A> = t.Type<A, any, unknown>;

export interface Field<A> {
  readonly codec: Codec<A>;
  /** 'required' fails when absent; 'default' decodes `fallback` instead; 'optional' leaves it out. */
  readonly presence: 'required' | 'default' | 'optional';
  readonly fallback?: unknown;
}

/** A field that must be present. */
export function required<A>(codec: Codec<A>): Field<A> {
  return { codec, presence: 'required' };
}

/** A field that takes `fallback` (decoded through the codec, so nested defaults apply too) when absent. */
export function withDefault<A>(codec: Codec<A>, fallback: unknown): Field<A> {
  return { codec, presence: 'default', fallback };
}

/** A field that may be absent (then it is absent from the result). */
export function optional<A>(codec: Codec<A>): Field<A | undefined> {
  return { codec, presence: 'optional' } as Field<A | undefined>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = Record<string, Field<any>>;
export type StructOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer A> ? A : never };

function isPlainObject(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

/**
 * A strict object codec: unknown keys are rejected (never silently stripped), absent fields get their defaults
 * after decoding, and every error carries the field's path.
 */
export function struct<F extends Fields>(name: string, fields: F): t.Type<StructOf<F>, unknown, unknown> {
  const keys = Object.keys(fields);
  const known = keys.length === 0 ? 'none' : keys.join(', ');
  const codec = new t.Type<StructOf<F>, unknown, unknown>(
    name,
    (u): u is StructOf<F> => isPlainObject(u) && Object.keys(u).every((k) => k in fields),
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c, `expected ${name} (an object), got ${showValue(u)}`);
      const errors: t.Errors = [];
      for (const key of Object.keys(u)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) {
          errors.push({
            value: u[key],
            context: [...c, { key, type: t.never, actual: u[key] }],
            message: `unknown key (known keys of ${name}: ${known})`,
          });
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const field = fields[key]!;
        const present = Object.prototype.hasOwnProperty.call(u, key) && u[key] !== undefined;
        if (!present && field.presence === 'optional') continue;
        if (!present && field.presence === 'required') {
          errors.push({
            value: undefined,
            context: [...c, { key, type: field.codec, actual: undefined }],
            message: `missing required field (expected ${field.codec.name})`,
          });
          continue;
        }
        const value = present ? u[key] : structuredClone(field.fallback);
        const result = field.codec.validate(value, [...c, { key, type: field.codec, actual: value }]);
        if (isLeft(result)) errors.push(...result.left);
        else out[key] = result.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as StructOf<F>);
    },
    (a) => a,
  );
  recordStructFields(codec, fields);
  return codec;
}

/** A string literal codec whose error names the expected value. */
export function literal<L extends string>(value: L): t.Type<L, L, unknown> {
  return new t.Type<L, L, unknown>(
    JSON.stringify(value),
    (u): u is L => u === value,
    (u, c) =>
      u === value
        ? t.success(value)
        : t.failure(u, c, `expected ${JSON.stringify(value)}, got ${showValue(u)}`),
    (a) => a,
  );
}

/** One of a fixed set of strings. */
export function oneOf<L extends string>(values: readonly L[]): t.Type<L, L, unknown> {
  const name = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return new t.Type<L, L, unknown>(
    name,
    (u): u is L => typeof u === 'string' && (values as readonly string[]).includes(u),
    (u, c) =>
      typeof u === 'string' && (values as readonly string[]).includes(u)
        ? t.success(u as L)
        : t.failure(u, c, `expected ${name}, got ${showValue(u)}`),
    (a) => a,
  );
}

/** An array of items, with a length bound; each item's errors carry its index. */
export function arrayOf<A>(item: Codec<A>, minLength = 0): t.Type<A[], unknown, unknown> {
  const name = `an array of ${item.name}${minLength > 0 ? ` (at least ${minLength})` : ''}`;
  return new t.Type<A[], unknown, unknown>(
    name,
    (u): u is A[] => Array.isArray(u) && u.length >= minLength && u.every((v) => item.is(v)),
    (u, c) => {
      if (!Array.isArray(u) || u.length < minLength)
        return t.failure(u, c, `expected ${name}, got ${showValue(u)}`);
      const errors: t.Errors = [];
      const out: A[] = [];
      u.forEach((v, i) => {
        const r = item.validate(v, [...c, { key: String(i), type: item, actual: v }]);
        if (isLeft(r)) errors.push(...r.left);
        else out.push(r.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (a) => a,
  );
}
