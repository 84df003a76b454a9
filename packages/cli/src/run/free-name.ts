import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first of `base`, `base-2`, `base-3`, … for which no `<name><ext>` exists in `dir` for any of `extensions`, so a
 * new set of outputs never replaces an earlier one.
 */
export function freeOutputName(dir: string, base: string, extensions: readonly string[]): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? base : `${base}-${k}`;
    if (!extensions.some((ext) => existsSync(join(dir, `${name}${ext}`)))) return name;
  }
}
