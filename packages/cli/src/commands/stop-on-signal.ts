import { constants } from 'node:os';

/** The conventional exit status of a process stopped by `signal`: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs `job` with an AbortSignal that the first SIGINT or SIGTERM aborts: training then stops after the current
 * step (the loop yields to the event loop between steps, so the handler runs within a step) and writes a checkpoint,
 * which `udm resume` continues from; `process.exitCode` is set to 130 (SIGINT) or 143 (SIGTERM), so the command ends
 * non-zero once the checkpoint is written. A second signal exits at once with that code (`exit`), leaving the last
 * checkpoint written (an unfinished save is a temporary file, removed by the next save or resume).
 */
export async function withStopSignal<T>(
  job: (signal: AbortSignal) => Promise<T>,
  onStop: (signal: NodeJS.Signals) => void = (s) =>
    process.stderr.write(
      `\n${s}: stopping after the current step and writing a checkpoint (again to quit now)\n`,
    ),
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<T> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(`\n${signal} again: exiting now; the last checkpoint written is kept\n`);
      exit(signalExitCode(signal));
      return;
    }
    onStop(signal);
    process.exitCode = signalExitCode(signal);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
