import type * as t from 'io-ts';
import { showValue } from './show-value.js';

/** The dotted path of a validation context, e.g. `process.schedule.betaEnd` (array items as `[i]`). */
export function pathOf(context: t.Context): string {
  let path = '';
  for (const entry of context) {
    if (entry.key === '') continue;
    path += /^\d+$/.test(entry.key) ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`;
  }
  return path === '' ? '(root)' : path;
}

/** One line per error: `path: expected <type>, got <value>`, or the codec's own message after the path. */
export function reportErrors(errors: t.Errors): string[] {
  const lines = errors.map((e) => {
    const path = pathOf(e.context);
    if (e.message !== undefined) return `${path}: ${e.message}`;
    const last = e.context[e.context.length - 1];
    return `${path}: expected ${last?.type.name ?? 'a valid value'}, got ${showValue(e.value)}`;
  });
  return [...new Set(lines)];
}
