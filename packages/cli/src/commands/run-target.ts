import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';

/** How every command names a run: a positional `<run>` (directory or checkpoint file), or `-k` / `-r` (same thing). */
export interface RunTargetFlags {
  readonly checkpoint?: string;
  readonly run?: string;
}

/**
 * Adds the one way to name a run: the positional `[run]` (a run directory or a checkpoint file), with
 * `-k, --checkpoint` and `-r, --run` kept as aliases of it on every command.
 */
export function withRunTarget(cmd: Command): Command {
  return cmd
    .argument('[run]', 'run directory or checkpoint file')
    .option('-k, --checkpoint <path>', 'the same as [run] (run directory or checkpoint file)')
    .option('-r, --run <path>', 'the same as [run] (run directory or checkpoint file)');
}

/** The run a command names (positional, `-k` or `-r`); an error when none is given or two differ. */
export function runTarget(cmd: Command, positional: string | undefined, flags: RunTargetFlags): string {
  const given = [positional, flags.checkpoint, flags.run].filter((v): v is string => v !== undefined);
  const distinct = [...new Set(given)];
  if (distinct.length === 0)
    throw new Error(
      `${cmd.name()}: expected a run directory or checkpoint file, e.g. udm ${cmd.name()} runs/two-moons-<stamp>`,
    );
  if (distinct.length > 1)
    throw new Error(
      `${cmd.name()}: the run is given twice, as ${distinct.map((d) => `"${d}"`).join(' and ')}; give one`,
    );
  return distinct[0]!;
}

/** The run directory a path names: the directory itself, or the directory holding a checkpoint file. */
export function runDirectoryOf(path: string): string {
  return existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
}
