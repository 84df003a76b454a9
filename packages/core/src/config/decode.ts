import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ConfigError } from './config-error.js';
import { reportErrors } from './report.js';

/** Decodes `value` with `codec` or throws a `ConfigError` listing every problem with its path. */
export function decodeOrThrow<A>(codec: t.Type<A, unknown, unknown>, value: unknown): A {
  const result = codec.decode(value);
  if (isLeft(result)) throw new ConfigError(reportErrors(result.left));
  return result.right;
}
