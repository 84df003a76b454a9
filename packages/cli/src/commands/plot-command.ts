import { Command } from 'commander';
import { plotRun } from '../api/plot-run.js';
import type { CommonFlags } from './shared-options.js';
import { runDirectoryOf, runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';

interface PlotFlags extends CommonFlags, RunTargetFlags {
  readonly out?: string;
}

export function plotCommand(): Command {
  return withRunTarget(new Command('plot'))
    .description("draw a run's loss curve (loss-curve.svg and .png) from its metrics.jsonl")
    .option('-o, --out <dir>', 'output directory (default: the run directory)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm plot runs/two-moons-20261123-101500\n  $ udm plot runs/two-moons-20261123-101500 --out figures --json',
    )
    .action(async (run: string | undefined, flags: PlotFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as PlotFlags;
      const runDir = runDirectoryOf(runTarget(cmd, run, all));
      const result = await plotRun({ runDir, ...(all.out ? { outDir: all.out } : {}) });
      if (all.json) process.stdout.write(`${JSON.stringify({ event: 'result', ...result })}\n`);
      else {
        if (!all.quiet)
          process.stderr.write(`plotted ${result.records} records up to step ${result.lastStep}\n`);
        process.stdout.write(`${result.files.png}\n${result.files.svg}\n`);
      }
    });
}
