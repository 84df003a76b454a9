import { Command } from 'commander';
import { SIZE_LIMITS } from '@udm/core';
import { evalRun } from '../api/eval-run.js';
import type { ConfigSet } from '../api/config-set.js';
import {
  loadModules,
  intOption,
  progressMode,
  setOption,
  setUpBackend,
  type CommonFlags,
} from './shared-options.js';
import { runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';
import { guidanceRunOptions, withGuidanceOptions, type GuidanceFlags } from './guidance-options.js';

interface EvalFlags extends CommonFlags, RunTargetFlags, GuidanceFlags {
  readonly only?: string[];
  readonly examples?: number;
  readonly count?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly ema?: boolean;
  readonly set?: ConfigSet[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  ];
}

export function evalCommand(): Command {
  const cmd = withGuidanceOptions(withRunTarget(new Command('eval')))
    .description(
      'evaluate a checkpoint with the metrics its plugins provide (Gaussian: NELBO bits/dim; masked text: ' +
        'bits/char; 2-D data: sliced Wasserstein and MMD² vs held-out data); writes eval.json',
    )
    .option('--only <names>', 'run only these evaluators (comma-separated or repeated)', collect)
    .option('--examples <n>', 'held-out examples to evaluate at most', intOption('--examples'))
    .option('--count <n>', 'samples drawn by sample-based metrics', intOption('--count'))
    .option(
      '--steps <n>',
      'sampler steps of sample-based metrics',
      intOption('--steps', 1, SIZE_LIMITS.timeSteps),
    )
    .option('--seed <n>', 'evaluation seed', intOption('--seed', 0))
    .option('-o, --out <dir>', 'where eval.json goes (default: the checkpoint’s directory)')
    .option('--no-ema', 'evaluate the raw weights instead of the EMA');
  return setOption(cmd, 'the checkpoint’s config', 'sample.steps=20')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm eval runs/two-moons-20261123-101500\n' +
        '  $ udm eval -k runs/names-masked-20261123-101500 --examples 500 --json\n' +
        '  $ udm eval -k runs/two-moons-20261123-101500 --only point-distance --count 2000 --steps 50',
    )
    .action(async (run: string | undefined, flags: EvalFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as EvalFlags;
      await setUpBackend(all);
      const result = await evalRun({
        checkpoint: runTarget(cmd, run, all),
        ...(all.only ? { only: all.only } : {}),
        ...(all.examples !== undefined ? { maxExamples: all.examples } : {}),
        ...(all.count !== undefined ? { count: all.count } : {}),
        ...(all.steps !== undefined ? { steps: all.steps } : {}),
        ...(all.seed !== undefined ? { seed: all.seed } : {}),
        ...(all.out ? { outDir: all.out } : {}),
        ...(all.ema === false ? { useEma: false } : {}),
        ...(all.set ? { set: all.set } : {}),
        ...guidanceRunOptions(all),
        modules: await loadModules(all),
        progress: progressMode(all),
      });
      if (all.json) {
        process.stdout.write(`${JSON.stringify({ event: 'result', ...result })}\n`);
        return;
      }
      for (const r of result.results)
        for (const [k, v] of Object.entries(r.values)) process.stdout.write(`${r.evaluator}.${k}\t${v}\n`);
      if (!all.quiet) {
        for (const s of result.skipped) process.stderr.write(`skipped ${s.evaluator}: ${s.reason}\n`);
        const { sampler, step, grid, steps } = result.sampling;
        const how = sampler.kind === 'ancestral' ? `${step.kind} steps` : `${sampler.kind} sampler`;
        const { guidance, labels } = result.sampling;
        const extra =
          (labels === null ? '' : `, labels ${JSON.stringify(labels)}`) +
          (guidance === null ? '' : `, guidance ${JSON.stringify(guidance)}`);
        process.stderr.write(`sample-based metrics: ${how}, ${steps} steps, ${grid.kind} grid${extra}\n`);
        if (result.file) process.stderr.write(`wrote ${result.file}\n`);
      }
    });
}
