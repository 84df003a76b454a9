import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ConfigError } from './config-error.js';
import { reportErrors } from './report.js';

/**
 * Decodes `value` with `codec` or throws a `ConfigError` listing every problem with its path. `at` prefixes the
 * paths when the value is one section of a larger config (e.g. `sample.step` for a command-line override).
 */
export function decodeOrThrow<A>(codec: t.Type<A, unknown, unknown>, value: unknown, at?: string): A {
  const result = codec.decode(value);
  if (isLeft(result)) {
    const lines = reportErrors(result.left);
    throw new ConfigError(
      at
        ? lines.map((l) =>
            l.startsWith('(root)') ? `${at}${l.slice(6)}` : l.startsWith('[') ? `${at}${l}` : `${at}.${l}`,
          )
        : lines,
    );
  }
  return result.right;
}
