import { Command } from 'commander';
import { compareRuns, plotRun } from '../api/plot-run.js';
import type { CommonFlags } from './shared-options.js';
import { runDirectoryOf, type RunTargetFlags } from './run-target.js';

interface PlotFlags extends CommonFlags, RunTargetFlags {
  readonly out?: string;
  readonly scale?: 'log' | 'linear';
}

function parseScale(value: string): 'log' | 'linear' {
  if (value === 'log' || value === 'linear') return value;
  throw new Error(`--scale: expected log or linear, got ${value}`);
}

export function plotCommand(): Command {
  return new Command('plot')
    .description(
      "draw a run's loss curve (loss-curve.svg and .png) from its metrics.jsonl, with the held-out loss when measured; " +
        'several runs: their curves on one chart (loss-curves.svg and .png)',
    )
    .argument('[runs...]', 'run directories or checkpoint files (one or several)')
    .option('-k, --checkpoint <path>', 'the same as [runs] (run directory or checkpoint file)')
    .option('-r, --run <path>', 'the same as [runs] (run directory or checkpoint file)')
    .option(
      '-o, --out <dir>',
      'output directory (default: the run directory; for several runs the current one)',
    )
    .option(
      '--scale <log|linear>',
      'the loss axis (default: log when the loss spans more than a factor 20)',
      parseScale,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm plot runs/two-moons-20261123-101500\n  $ udm plot runs/two-moons-20261123-101500 --out figures --json' +
        '\n  $ udm plot runs/moons-eps-20261123-101500 runs/moons-v-20261123-101500 --scale log --out figures',
    )
    .action(async (runs: string[], flags: PlotFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as PlotFlags;
      const named = [...runs, ...[all.checkpoint, all.run].filter((v): v is string => v !== undefined)];
      const dirs = [...new Set(named.map(runDirectoryOf))];
      if (dirs.length === 0)
        throw new Error(
          'plot: expected a run directory or checkpoint file, e.g. udm plot runs/two-moons-<stamp>',
        );
      const logY = all.scale === undefined ? {} : { logY: all.scale === 'log' };
      const out = all.out ? { outDir: all.out } : {};
      const result =
        dirs.length === 1
          ? await plotRun({ runDir: dirs[0]!, ...out, ...logY })
          : await compareRuns({ runDirs: dirs, ...out, ...logY });
      if (all.json) process.stdout.write(`${JSON.stringify({ event: 'result', ...result })}\n`);
      else {
        if (!all.quiet)
          process.stderr.write(`plotted ${result.records} records up to step ${result.lastStep}\n`);
        process.stdout.write(`${result.files.png}\n${result.files.svg}\n`);
      }
    });
}
