import { Command } from 'commander';
import { resumeRun } from '../api/resume-run.js';
import { loadModules, intOption, progressMode, setUpBackend, type CommonFlags } from './shared-options.js';
import { runDirectoryOf, runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';
import { resumeHint, withStopSignal } from './stop-on-signal.js';

interface ResumeFlags extends CommonFlags, RunTargetFlags {
  readonly steps?: number;
}

export function resumeCommand(): Command {
  return withRunTarget(new Command('resume'))
    .description(
      'continue an interrupted run from its last checkpoint (same weights, EMA, optimizer and RNG state: ' +
        'the result equals an uninterrupted run on the same backend)',
    )
    .option(
      '--steps <n>',
      'train up to n steps in total (default: the run’s train.steps)',
      intOption('--steps'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm resume runs/two-moons-20261123-101500\n  $ udm resume -r runs/two-moons-20261123-101500 --steps 20000',
    )
    .action(async (run: string | undefined, flags: ResumeFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as ResumeFlags;
      await setUpBackend(all);
      const modules = await loadModules(all);
      const result = await withStopSignal((signal) =>
        resumeRun({
          runDir: runDirectoryOf(runTarget(cmd, run, all)),
          ...(all.steps !== undefined ? { steps: all.steps } : {}),
          modules,
          progress: progressMode(all),
          signal,
        }),
      );
      result.udm.dispose();
      if (result.summary.stopped) process.stderr.write(resumeHint(result.runDir, result.summary.step));
      process.stdout.write(
        all.json
          ? `${JSON.stringify({ event: 'result', runDir: result.runDir, checkpoint: result.checkpoint, resumedFrom: result.resumedFrom, ...result.summary })}\n`
          : `${result.runDir}\n`,
      );
    });
}
