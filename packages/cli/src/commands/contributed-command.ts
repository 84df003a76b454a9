import { Command, Option } from 'commander';
import type { CliCommand, CommandOption } from '@udm/core';
import { commandContext } from '../api/command-context.js';
import { runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';
import { loadModules, progressMode, type CommonFlags } from './shared-options.js';

/** Flags of `udm` itself (and of every run-taking command), which a contributed command cannot reuse. */
const GLOBAL_FLAGS = [
  '-b',
  '--backend',
  '--verbose',
  '-q',
  '--quiet',
  '--json',
  '-p',
  '--plugin',
  '-h',
  '--help',
  '-V',
  '--version',
];
const RUN_FLAGS = ['-k', '--checkpoint', '-r', '--run'];

/** `o.parse(text)`, its error named after the option unless it already names it. */
function parseNamed(o: CommandOption, text: string): unknown {
  if (!o.parse) return text;
  try {
    return o.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const names = o.flag.split(', ');
    const long = names.at(-1)!;
    if (names.some((n) => message.startsWith(n))) throw e;
    throw new Error(`${long}: ${message}`, { cause: e });
  }
}

/**
 * A contributed command (`CLI_COMMAND`) as a commander subcommand: its arguments, the positional `[run]` with `-k` /
 * `-r` when it `takesRun`, its options with their parsers (errors name the option), its examples under the help; the
 * action gathers the values by the options' keys, loads the modules (bundled and `--plugin`) and calls `run` with the
 * command line's `CommandContext`.
 */
export function contributedCommand(spec: CliCommand): Command {
  const cmd = new Command(spec.name).description(spec.description);
  if (spec.takesRun) withRunTarget(cmd);
  const args = spec.arguments ?? [];
  for (const a of args) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
  const reserved = new Set([...GLOBAL_FLAGS, ...(spec.takesRun ? RUN_FLAGS : [])]);
  const attributes: [key: string, attribute: string][] = [];
  for (const [key, o] of Object.entries(spec.options ?? {})) {
    const clash = o.flag.split(', ').find((f) => reserved.has(f));
    if (clash !== undefined)
      throw new Error(
        `command "${spec.name}": options.${key}: ${clash} is a flag of udm itself; choose another`,
      );
    const option = new Option(o.value === undefined ? o.flag : `${o.flag} <${o.value}>`, o.description);
    if (o.value !== undefined)
      option.argParser((text: string, previous: unknown) => {
        const v = parseNamed(o, text);
        return o.repeatable ? [...((previous as unknown[] | undefined) ?? []), v] : v;
      });
    cmd.addOption(option);
    attributes.push([key, option.attributeName()]);
  }
  if (spec.examples && spec.examples.length > 0)
    cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`);
  return cmd.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const positional = received.slice(0, -2) as (string | undefined)[];
    const all = { ...self.optsWithGlobals(), ...self.opts() } as CommonFlags & RunTargetFlags;
    const own = self.opts();
    const values: Record<string, unknown> = {};
    const shift = spec.takesRun ? 1 : 0;
    args.forEach((a, i) => {
      values[a.name] = positional[i + shift];
    });
    for (const [key, attribute] of attributes) if (own[attribute] !== undefined) values[key] = own[attribute];
    const run = spec.takesRun ? runTarget(self, positional[0], all) : undefined;
    const context = commandContext({
      modules: await loadModules(all),
      progress: progressMode(all),
      ...(run !== undefined ? { run } : {}),
      ...(all.backend !== undefined ? { backend: all.backend } : {}),
      verbose: all.verbose === true,
    });
    await spec.run(values, context);
  });
}
