import { applyConfigSets, defineCommand, intOption, parseConfigSet, SIZE_LIMITS } from '@udm/core';
import { distillRun } from '../distill/distill-run.js';
import { distillTable } from '../distill/distill-table.js';

/**
 * `udm distill`: progressive distillation of a trained Gaussian model (Salimans & Ho 2022), contributed to the
 * command line through `CLI_COMMAND` by `gaussianModule`.
 */
export const distillCommand = defineCommand({
  name: 'distill',
  description:
    'progressive distillation: halve the DDIM steps of a trained Gaussian model per round; evaluates teacher and students',
  takesRun: true,
  options: {
    config: {
      flag: '-c, --config',
      value: 'file',
      description:
        'distillation config JSON (teacherSteps, rounds, stepsPerRound, batchSize, learningRate, weighting, step, grid, count, seed, ema, checkpointEvery)',
      parse: (text: string) => text,
    },
    teacherSteps: {
      flag: '--teacher-steps',
      value: 'n',
      description: "the teacher's DDIM steps N (overrides the config)",
      parse: intOption('--teacher-steps', 1, SIZE_LIMITS.timeSteps),
    },
    rounds: {
      flag: '--rounds',
      value: 'n',
      description: 'number of halvings (overrides the config)',
      parse: intOption('--rounds'),
    },
    stepsPerRound: {
      flag: '--steps-per-round',
      value: 'n',
      description: 'optimizer steps per round (overrides the config)',
      parse: intOption('--steps-per-round'),
    },
    out: {
      flag: '-o, --out',
      value: 'dir',
      description: 'output directory (default: the checkpoint directory)',
      parse: (text: string) => text,
    },
    resume: {
      flag: '--resume',
      description:
        'continue an interrupted run in the output directory: completed rounds are kept, the current round continues from its last checkpoint',
    },
    set: {
      flag: '--set',
      value: 'path=value',
      description:
        'override a field of the distillation config, e.g. rounds=2; repeatable; the value is JSON or text, validated like the file',
      parse: parseConfigSet,
      repeatable: true,
    },
  },
  examples: [
    'udm distill runs/moons-v-20261123-101500 --teacher-steps 64 --rounds 3',
    'udm distill -k run/checkpoint.safetensors --config examples/objectives/distill.json',
    'udm distill runs/moons-v-20261123-101500 --rounds 3 --resume',
  ],
  async run(o, context) {
    await context.selectBackend();
    const base = applyConfigSets(o.config ? context.readJson(o.config, '--config') : {}, o.set ?? []);
    const result = await context.withStopSignal((signal) =>
      distillRun(
        {
          checkpoint: context.run!,
          config: {
            ...base,
            ...(o.teacherSteps !== undefined ? { teacherSteps: o.teacherSteps } : {}),
            ...(o.rounds !== undefined ? { rounds: o.rounds } : {}),
            ...(o.stepsPerRound !== undefined ? { stepsPerRound: o.stepsPerRound } : {}),
          },
          ...(o.out ? { outDir: o.out } : {}),
          ...(o.resume ? { resume: true } : {}),
          signal,
        },
        context,
      ),
    );
    context.result(
      result,
      result.stopped
        ? `stopped in round ${result.stopped.round} at step ${result.stopped.step}; continue with the same command and --resume\n`
        : `${distillTable(result)}\n\n${result.file}\n`,
    );
  },
});
