import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** An npm package found in a `node_modules` directory. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** The package's directory (links resolved). */
  readonly dir: string;
  /** The file its ESM entry (`exports` "." with the `import`/`node`/`default` condition, or `main`) names. */
  readonly entry: string;
  /** Whether its package.json says it is a UDM plugin (`"keywords": ["udm-plugin"]`). */
  readonly declaresPlugin: boolean;
}

/** The first string an `exports` target gives for an ESM import in Node. */
function exportTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = exportTarget(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const key of ['import', 'node', 'default']) {
    const found = exportTarget(conditions[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function entryOf(manifest: Record<string, unknown>): string {
  const exports = manifest['exports'];
  if (exports !== undefined) {
    const root =
      typeof exports === 'object' && exports !== null && !Array.isArray(exports) && '.' in exports
        ? (exports as Record<string, unknown>)['.']
        : exports;
    const target = exportTarget(root);
    if (target !== undefined) return target;
  }
  return typeof manifest['main'] === 'string' ? manifest['main'] : 'index.js';
}

/**
 * The package `name` as Node would find it from `from`: `node_modules/<name>` in `from` or the nearest directory
 * above it that has one. Undefined when it is not installed there. Nothing is imported.
 */
export function findInstalledPackage(name: string, from: string): InstalledPackage | undefined {
  let dir = resolve(from);
  for (;;) {
    const manifestFile = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifestFile)) {
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
      const packageDir = realpathSync(dirname(manifestFile));
      const keywords = Array.isArray(manifest['keywords']) ? manifest['keywords'] : [];
      return {
        name,
        version: typeof manifest['version'] === 'string' ? manifest['version'] : '0.0.0',
        dir: packageDir,
        entry: resolve(packageDir, entryOf(manifest)),
        declaresPlugin: keywords.includes('udm-plugin'),
      };
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
