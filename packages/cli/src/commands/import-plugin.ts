import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ContainerModule } from 'inversify';
import { isPluginModule } from '@udm/core';

/**
 * Imports a `--plugin` file. A plugin is code the user chose to run, with the rights of `udm` (docs/trust-model.md);
 * this only makes its failures clear: an error while loading it (a syntax error, a missing file, a throw at top level)
 * names the file, and a top-level await that never settles — which would otherwise let the process end with status
 * 0 having done nothing — is an error once nothing else is left to run.
 */
export async function importPlugin(
  file: string,
  label = `--plugin ${file}`,
): Promise<Record<string, unknown>> {
  let onIdle: (() => void) | undefined;
  const idle = new Promise<never>((_, reject) => {
    onIdle = () =>
      reject(
        new Error(
          `${label}: its top-level code never finished (a top-level await that never settles?), so no ` +
            'module was loaded',
        ),
      );
    process.once('beforeExit', onIdle);
  });
  try {
    // by its real path, so that one file reached by two paths (a link, a recorded copy) is one module
    const path = existsSync(resolve(file)) ? realpathSync(resolve(file)) : resolve(file);
    return (await Promise.race([import(pathToFileURL(path).href), idle])) as Record<string, unknown>;
  } catch (e) {
    const { name, message } = (typeof e === 'object' && e !== null ? e : {}) as {
      name?: unknown;
      message?: unknown;
    };
    if (typeof message !== 'string')
      throw new Error(`${label}: loading it failed (${String(e)})`, { cause: e });
    if (message.startsWith(`${label}:`)) throw e;
    // duck-typed: an error from the module's own realm (or a loader's) is not `instanceof Error` here
    const detail = `${typeof name === 'string' ? name : 'Error'}: ${message}`;
    throw new Error(`${label}: loading it failed (${detail})`, { cause: e });
  } finally {
    process.off('beforeExit', onIdle!);
  }
}

/**
 * The plugin modules a module exports: every export that is one (`definePlugin(...)` or any inversify
 * `ContainerModule`, recognised by its shape, so a module built by another copy of inversify counts too).
 */
export function pluginModulesOf(namespace: Record<string, unknown>, label: string): ContainerModule[] {
  const found = [...new Set(Object.values(namespace))].filter(isPluginModule);
  if (found.length === 0) {
    throw new Error(
      `${label}: the file exports no plugin module (export definePlugin(...) from @udm/core, or an inversify ContainerModule)`,
    );
  }
  return found;
}
