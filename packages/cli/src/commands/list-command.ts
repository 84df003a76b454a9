import { Command } from 'commander';
import { commandsOf, createContainer, evaluatorsOf, EXTENSION_POINTS, registriesOf } from '@udm/core';
import { loadModules, type CommonFlags } from './shared-options.js';

export function listCommand(): Command {
  return new Command('list')
    .description(
      'list the registered kinds of every extension point and second-level choice (from the DI registries)',
    )
    .addHelpText('after', '\nExamples:\n  $ udm list\n  $ udm list --plugin ./my-plugin.js --json')
    .action(async (_flags: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as CommonFlags;
      const container = createContainer(await loadModules(flags));
      const r = registriesOf(container);
      const points = [
        [EXTENSION_POINTS.Dataset, r.datasets],
        [EXTENSION_POINTS.ForwardProcess, r.processes],
        [EXTENSION_POINTS.Network, r.networks],
        [EXTENSION_POINTS.PosteriorModel, r.posteriors],
        [EXTENSION_POINTS.ConditionalStep, r.steps],
        [EXTENSION_POINTS.Sampler, r.samplers],
        [EXTENSION_POINTS.Guidance, r.guidances],
        [EXTENSION_POINTS.TimeGrid, r.grids],
        [EXTENSION_POINTS.Optimizer, r.optimizers],
        [EXTENSION_POINTS.TrainingObjective, r.objectives],
      ] as const;
      const table = [
        ...points.map(([section, reg]) => ({
          section,
          kinds: reg.entries.map((e) => ({ kind: e.kind, description: e.description })),
        })),
        // Second-level choices (β schedules, parameterizations, ODE solvers, degradations, tokenizers, …).
        ...r.choices.map(({ point, registry }) => ({
          section: `${point.section} (${point.usedBy})`,
          kinds: registry.entries.map((e) => ({ kind: e.kind, description: e.description })),
        })),
        {
          section: 'eval (udm eval --only)',
          kinds: evaluatorsOf(container).map((e) => ({ kind: e.name, description: e.description })),
        },
        {
          section: 'commands (udm <name>, contributed to CLI_COMMAND)',
          kinds: commandsOf(container).map((c) => ({ kind: c.name, description: c.description })),
        },
      ];
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(table)}\n`);
        return;
      }
      for (const { section, kinds } of table) {
        process.stdout.write(`${section}\n`);
        for (const k of kinds) process.stdout.write(`  ${k.kind.padEnd(20)} ${k.description}\n`);
      }
    });
}
