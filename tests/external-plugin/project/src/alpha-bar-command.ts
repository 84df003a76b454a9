/**
 * A command of your own: `udm alpha-bar <run> --at 0 --at 99` prints ᾱ_t = α_t² of a run's Gaussian process at the
 * chosen time steps. One contribution to `CLI_COMMAND` adds it to `udm --help` and `udm list`; the command line parses
 * and checks its options (a bad `--at` is an error naming `--at`) and hands `run` a context with the modules of the
 * invocation (every `--plugin`), the run named by `[run]` / `-k`, and the checkpoint helpers.
 */
import {
  AFFINE_GAUSSIAN,
  CLI_COMMAND,
  defineCommand,
  definePlugin,
  intOption,
  requireCapability,
} from '@udm/core';

export const alphaBarCommand = defineCommand({
  name: 'alpha-bar',
  description: "print ᾱ_t = α_t² of a run's Gaussian process at chosen time steps",
  takesRun: true,
  options: {
    at: {
      flag: '--at',
      value: 't',
      description: 'a discrete time step t; repeatable (default: 0)',
      parse: intOption('--at', 0),
      repeatable: true,
    },
  },
  examples: ['udm --plugin dist/alpha-bar-command.js alpha-bar runs/sigmoid-<time> --at 0 --at 99'],
  async run({ at }, context) {
    await context.selectBackend();
    const { udm } = await context.loadModel(context.run!);
    try {
      const process = requireCapability(AFFINE_GAUSSIAN, udm.process, 'udm alpha-bar');
      const times = at ?? [0];
      const alphaBar = times.map((t) => process.alpha(t) ** 2);
      context.result({ times, alphaBar }, times.map((t, i) => `ᾱ_${t} = ${alphaBar[i]}`).join('\n') + '\n');
    } finally {
      udm.dispose();
    }
  },
});

/** The plugin: `udm --plugin dist/alpha-bar-command.js alpha-bar <run>`. */
export default definePlugin(({ contribute }) => {
  contribute(CLI_COMMAND, alphaBarCommand);
});
