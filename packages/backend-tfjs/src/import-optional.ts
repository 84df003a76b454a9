/**
 * `import()` of a package that may be absent. The specifier is a variable, so neither tsc nor a
 * bundler requires the package to exist; a failure is returned as a one-line reason.
 */
export async function importOptional<T = unknown>(
  specifier: string,
): Promise<{ ok: true; module: T } | { ok: false; reason: string }> {
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as T;
    return { ok: true, module };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      firstLine(error).includes(`'${specifier}'`);
    return { ok: false, reason: missing ? 'not installed' : firstLine(error) };
  }
}

/** The first line of an error's message (native-binding errors can be long). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? 'unknown error'
  );
}
