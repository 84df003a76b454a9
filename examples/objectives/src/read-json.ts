import { readFileSync } from 'node:fs';

/** A JSON file of this example (relative to the example's root). */
export function exampleJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../${relative}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}
