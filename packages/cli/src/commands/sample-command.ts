import { Command } from 'commander';
import { SIZE_LIMITS } from '@udm/core';
import { sampleRun } from '../api/sample-run.js';
import type { ConfigSet } from '../api/config-set.js';
import {
  loadModules,
  parseKindOption,
  intOption,
  progressMode,
  setOption,
  setUpBackend,
  type CommonFlags,
} from './shared-options.js';
import { runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';
import { guidanceRunOptions, withGuidanceOptions, type GuidanceFlags } from './guidance-options.js';

interface SampleFlags extends CommonFlags, RunTargetFlags, GuidanceFlags {
  readonly step?: unknown;
  readonly sampler?: unknown;
  readonly grid?: unknown;
  readonly steps?: number;
  readonly count?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly ema?: boolean;
  readonly set?: ConfigSet[];
}

export function sampleCommand(): Command {
  const cmd = withGuidanceOptions(withRunTarget(new Command('sample')))
    .description(
      'draw samples from a checkpoint; writes samples (safetensors), metrics (JSON) and a picture (2-D data: scatter plot; images: a grid)',
    )
    .option(
      '-s, --step <kind|json>',
      'conditional step, e.g. ddpm or \'{"kind":"ddim","eta":0.5}\'',
      parseKindOption,
    )
    .option(
      '--sampler <kind|json>',
      'sampling loop: ancestral (step by step, the default) or a PF-ODE solver, e.g. heun, euler, dpmpp-2m',
      parseKindOption,
    )
    .option('-g, --grid <kind|json>', 'time grid, e.g. trailing', parseKindOption)
    .option('--steps <n>', 'number of sampler steps', intOption('--steps', 1, SIZE_LIMITS.timeSteps))
    .option('--count <n>', 'number of samples', intOption('--count'))
    .option('--seed <n>', 'sampling seed', intOption('--seed', 0))
    .option('-o, --out <dir>', 'output directory (default: the run directory)')
    .option('--no-ema', 'use the raw weights instead of the EMA');
  return setOption(cmd, 'the checkpoint’s config', 'sample.grid.kind=trailing')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm sample runs/two-moons-20261123-101500 --step ddim --steps 50\n  $ udm sample -k run/checkpoint.safetensors --step ddpm --steps 1000 --count 2000\n  $ udm sample runs/mnist-cfg-20261206-153000 --label 3 --guidance 3 --guidance-rescale 0.7',
    )
    .action(async (run: string | undefined, flags: SampleFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as SampleFlags;
      await setUpBackend(all);
      const result = await sampleRun({
        checkpoint: runTarget(cmd, run, all),
        ...(all.step !== undefined ? { step: all.step } : {}),
        ...(all.sampler !== undefined ? { sampler: all.sampler } : {}),
        ...(all.grid !== undefined ? { grid: all.grid } : {}),
        ...(all.steps !== undefined ? { steps: all.steps } : {}),
        ...(all.count !== undefined ? { count: all.count } : {}),
        ...(all.seed !== undefined ? { seed: all.seed } : {}),
        ...(all.out ? { outDir: all.out } : {}),
        ...(all.ema === false ? { useEma: false } : {}),
        ...(all.set ? { set: all.set } : {}),
        ...guidanceRunOptions(all),
        modules: await loadModules(all),
        progress: progressMode(all),
      });
      const { samples: _omit, decoded, ...rest } = result;
      const summary = {
        ...rest,
        ...(decoded ? { decoded: { shape: decoded.shape, seconds: decoded.seconds } } : {}),
      };
      process.stdout.write(
        all.json ? `${JSON.stringify({ event: 'result', ...summary })}\n` : `${result.files.samples}\n`,
      );
    });
}
