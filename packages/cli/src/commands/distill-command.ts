import { Command } from 'commander';
import { SIZE_LIMITS } from '@udm/core';
import { distillRun } from '../api/distill-run.js';
import { distillTable } from '../api/distill-table.js';
import { applyConfigSets, type ConfigSet } from '../api/config-set.js';
import {
  loadModules,
  intOption,
  progressMode,
  setOption,
  setUpBackend,
  type CommonFlags,
} from './shared-options.js';
import { runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';
import { readJsonFile } from './train-command.js';

interface DistillFlags extends CommonFlags, RunTargetFlags {
  readonly config?: string;
  readonly teacherSteps?: number;
  readonly rounds?: number;
  readonly stepsPerRound?: number;
  readonly out?: string;
  readonly set?: ConfigSet[];
}

/** `udm distill`: progressive distillation of a trained Gaussian model (Salimans & Ho 2022). */
export function distillCommand(): Command {
  const cmd = withRunTarget(new Command('distill'))
    .description(
      'progressive distillation: halve the DDIM steps of a trained Gaussian model per round; evaluates teacher and students',
    )
    .option(
      '-c, --config <file>',
      'distillation config JSON (teacherSteps, rounds, stepsPerRound, batchSize, learningRate, weighting, step, grid, count, seed)',
    )
    .option(
      '--teacher-steps <n>',
      "the teacher's DDIM steps N (overrides the config)",
      intOption('--teacher-steps', 1, SIZE_LIMITS.timeSteps),
    )
    .option('--rounds <n>', 'number of halvings (overrides the config)', intOption('--rounds'))
    .option(
      '--steps-per-round <n>',
      'optimizer steps per round (overrides the config)',
      intOption('--steps-per-round'),
    )
    .option('-o, --out <dir>', 'output directory (default: the checkpoint directory)');
  return setOption(cmd, 'the distillation config', 'rounds=2')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm distill runs/moons-v-20261123-101500 --teacher-steps 64 --rounds 3\n  $ udm distill -k run/checkpoint.safetensors --config examples/objectives/distill.json',
    )
    .action(async (run: string | undefined, flags: DistillFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as DistillFlags;
      await setUpBackend(all);
      const base = applyConfigSets(all.config ? readJsonFile(all.config, '--config') : {}, all.set ?? []);
      const result = await distillRun({
        checkpoint: runTarget(cmd, run, all),
        config: {
          ...base,
          ...(all.teacherSteps !== undefined ? { teacherSteps: all.teacherSteps } : {}),
          ...(all.rounds !== undefined ? { rounds: all.rounds } : {}),
          ...(all.stepsPerRound !== undefined ? { stepsPerRound: all.stepsPerRound } : {}),
        },
        ...(all.out ? { outDir: all.out } : {}),
        modules: await loadModules(all),
        progress: progressMode(all),
      });
      process.stdout.write(
        all.json
          ? `${JSON.stringify({ event: 'result', ...result })}\n`
          : `${distillTable(result)}\n\n${result.file}\n`,
      );
    });
}
