import * as t from 'io-ts';
import { showValue } from './show-value.js';

function primitive<A>(name: string, test: (u: unknown) => u is A): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    test,
    (u, c) => (test(u) ? t.success(u) : t.failure(u, c, `expected ${name}, got ${showValue(u)}`)),
    (a) => a,
  );
}

export const booleanCodec = primitive('a boolean', (u): u is boolean => typeof u === 'boolean');
export const stringCodec = primitive('a string', (u): u is string => typeof u === 'string');
/** A non-empty string. */
export const nonEmptyString = primitive(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
);
