import type { Container, ServiceIdentifier } from 'inversify';
import type { CommandContext } from './command-context.js';

/**
 * One option of a contributed command. `flag` is the option as typed, `--name`, optionally after a one-letter alias
 * (`-o, --out`); `value` names its argument in the help (`dir` → `--out <dir>`). Without `value` it is a switch
 * (`true` when given).
 */
export interface CommandOption<T = unknown> {
  readonly flag: string;
  readonly description: string;
  /** The argument's name in the help (`<n>`); absent: a switch. */
  readonly value?: string;
  /**
   * Turns the text typed into the value (and checks it). A thrown error is reported with the option's name in front
   * (`--rounds: expected a positive integer, got -1`) unless its message already starts with it.
   */
  readonly parse?: (text: string) => T;
  /** The option may be given several times; the command receives the list of values in order. */
  readonly repeatable?: boolean;
}

/** A positional argument of a contributed command. */
export interface CommandArgument {
  readonly name: string;
  readonly description: string;
  /** Whether it must be given (default: optional). */
  readonly required?: boolean;
}

/** The value a command's `run` receives for one option. */
export type OptionValue<O> = O extends { readonly value: string }
  ? O extends { readonly parse: (text: string) => infer T }
    ? O extends { readonly repeatable: true }
      ? T[]
      : T
    : O extends { readonly repeatable: true }
      ? string[]
      : string
  : boolean;

/** What `run` receives: each option given (absent when not), by its key, and each positional argument, by name. */
export type CommandValues<
  O extends Readonly<Record<string, CommandOption>>,
  A extends readonly CommandArgument[],
> = { readonly [K in keyof O]?: OptionValue<O[K]> } & {
  readonly [E in A[number] as E['name']]: E extends { readonly required: true } ? string : string | undefined;
};

/**
 * A `udm` subcommand contributed by a package or a user's plugin: multi-bound to `CLI_COMMAND` (in a plugin,
 * `contribute(CLI_COMMAND, defineCommand({...}))`). The command line adds every bound command after loading the
 * plugins, lists it in `udm --help` and `udm list`, parses and checks its options, and calls `run`. Build one with
 * `defineCommand`, which types `run`'s values from the options.
 */
export interface CliCommand {
  /** The subcommand's name (`udm <name>`): lower-case words joined by `-`; unique. */
  readonly name: string;
  readonly description: string;
  readonly arguments?: readonly CommandArgument[];
  /**
   * The command works on a run: the command line adds the positional `[run]` (a run directory or checkpoint file)
   * with its aliases `-k, --checkpoint` and `-r, --run`, as on its own commands, and hands the one given as
   * `context.run`.
   */
  readonly takesRun?: boolean;
  readonly options?: Readonly<Record<string, CommandOption>>;
  /** Example invocations shown under the help (`udm distill runs/x --rounds 2`). */
  readonly examples?: readonly string[];
  run(values: Readonly<Record<string, unknown>>, context: CommandContext): Promise<void> | void;
}

/** What `defineCommand` takes: a `CliCommand` whose `run` sees its values typed from `options` and `arguments`. */
export interface CommandSpec<
  O extends Readonly<Record<string, CommandOption>>,
  A extends readonly CommandArgument[],
> extends Omit<CliCommand, 'options' | 'arguments' | 'run'> {
  readonly options?: O;
  readonly arguments?: A;
  run(values: CommandValues<O, A>, context: CommandContext): Promise<void> | void;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const FLAG = /^(-[a-zA-Z], )?--[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const VALUE = /^[a-zA-Z][a-zA-Z0-9=._-]*$/;

/** Checks a command's shape (names, flags, argument names); errors name the command and the field. */
export function checkCommand(command: CliCommand): void {
  const who = `command "${String(command.name)}"`;
  if (typeof command.name !== 'string' || !NAME.test(command.name))
    throw new Error(`${who}: name: expected lower-case words joined by "-", e.g. "my-command"`);
  if (typeof command.description !== 'string' || command.description.length === 0)
    throw new Error(`${who}: description: expected a non-empty string`);
  if (typeof command.run !== 'function') throw new Error(`${who}: run: expected a function`);
  const args = command.arguments ?? [];
  args.forEach((a, i) => {
    if (!NAME.test(a.name))
      throw new Error(
        `${who}: arguments[${i}].name: expected lower-case words joined by "-", got "${a.name}"`,
      );
    if (a.required && args.slice(0, i).some((b) => !b.required))
      throw new Error(
        `${who}: arguments[${i}] "${a.name}": a required argument cannot follow an optional one`,
      );
  });
  const flags = new Set<string>();
  for (const [key, o] of Object.entries(command.options ?? {})) {
    if (typeof o.flag !== 'string' || !FLAG.test(o.flag))
      throw new Error(
        `${who}: options.${key}.flag: expected "--name" or "-x, --name" (lower-case words joined by "-"), got ${JSON.stringify(o.flag)}`,
      );
    if (o.value !== undefined && !VALUE.test(o.value))
      throw new Error(
        `${who}: options.${key}.value: expected a word such as "n" or "file", got "${o.value}"`,
      );
    if (o.value === undefined && (o.parse !== undefined || o.repeatable))
      throw new Error(`${who}: options.${key}: a switch (no "value") takes no parse or repeatable`);
    for (const f of o.flag.split(', ')) {
      if (flags.has(f)) throw new Error(`${who}: options.${key}: the flag ${f} is used twice`);
      flags.add(f);
    }
  }
}

/** A contributed command with `run`'s values typed from its options and arguments (checked as `checkCommand` does). */
export function defineCommand<
  O extends Readonly<Record<string, CommandOption>> = Record<never, CommandOption>,
  const A extends readonly CommandArgument[] = [],
>(spec: CommandSpec<O, A>): CliCommand {
  const command = spec as unknown as CliCommand;
  checkCommand(command);
  return command;
}

/** The DI token `udm` subcommands are multi-bound to. */
export const CLI_COMMAND: ServiceIdentifier<CliCommand> = Symbol.for('udm.CliCommand');

/** The commands bound in a container, each checked (duplicate names fail loudly). */
export function commandsOf(container: Container): CliCommand[] {
  const all = container.isBound(CLI_COMMAND) ? container.getAll(CLI_COMMAND) : [];
  const seen = new Set<string>();
  for (const c of all) {
    checkCommand(c);
    if (seen.has(c.name)) throw new Error(`command "${c.name}" is contributed twice`);
    seen.add(c.name);
  }
  return all;
}
