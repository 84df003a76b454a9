import { readFileSync } from 'node:fs';

/** Reads an example's JSON config (e.g. `new URL('../config.json', import.meta.url)`) as a plain object. */
export function readExampleConfig(url: URL): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new TypeError(`${url.pathname}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}
