import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports a `--plugin` file. A plugin is code the user chose to run, with the rights of `udm` (docs/trust-model.md);
 * this only makes its failures clear: an error while loading it (a syntax error, a missing file, a throw at top level)
 * names the file, and a top-level await that never settles — which would otherwise let the process end with status
 * 0 having done nothing — is an error once nothing else is left to run.
 */
export async function importPlugin(file: string): Promise<Record<string, unknown>> {
  let onIdle: (() => void) | undefined;
  const idle = new Promise<never>((_, reject) => {
    onIdle = () =>
      reject(
        new Error(
          `--plugin ${file}: its top-level code never finished (a top-level await that never settles?), so no ` +
            'module was loaded',
        ),
      );
    process.once('beforeExit', onIdle);
  });
  try {
    return (await Promise.race([import(pathToFileURL(resolve(file)).href), idle])) as Record<string, unknown>;
  } catch (e) {
    const { name, message } = (typeof e === 'object' && e !== null ? e : {}) as {
      name?: unknown;
      message?: unknown;
    };
    if (typeof message !== 'string')
      throw new Error(`--plugin ${file}: loading it failed (${String(e)})`, { cause: e });
    if (message.startsWith(`--plugin ${file}:`)) throw e;
    // duck-typed: an error from the module's own realm (or a loader's) is not `instanceof Error` here
    const detail = `${typeof name === 'string' ? name : 'Error'}: ${message}`;
    throw new Error(`--plugin ${file}: loading it failed (${detail})`, { cause: e });
  } finally {
    process.off('beforeExit', onIdle!);
  }
}
