/**
 * Runs `job` with an AbortSignal that the first SIGINT or SIGTERM aborts: training then stops after the current
 * step and writes a checkpoint, which `udm resume` continues from. A second signal ends the process at once (the
 * listeners are `once`, so the default handler is back).
 */
export async function withStopSignal<T>(
  job: (signal: AbortSignal) => Promise<T>,
  onStop: (signal: NodeJS.Signals) => void = (s) =>
    process.stderr.write(
      `\n${s}: stopping after the current step and writing a checkpoint (again to quit now)\n`,
    ),
): Promise<T> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    onStop(signal);
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await job(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** The line a stopped run prints: where it stopped and how to continue. */
export function resumeHint(runDir: string, step: number): string {
  return `stopped at step ${step}; continue with: udm resume --run ${runDir}\n`;
}
