import { Container } from 'inversify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { definePlugin } from '../di/plugin.js';
import { CLI_COMMAND, commandsOf, defineCommand, type CliCommand } from './cli-command.js';
import { intOption } from './int-option.js';

const hello = defineCommand({
  name: 'hello',
  description: 'says hello',
  arguments: [
    { name: 'who', description: 'whom to greet', required: true },
    { name: 'where', description: 'where' },
  ],
  options: {
    times: { flag: '-n, --times', value: 'n', description: 'how often', parse: intOption('--times') },
    tag: {
      flag: '--tag',
      value: 'text',
      description: 'repeatable',
      parse: (t: string) => t,
      repeatable: true,
    },
    loud: { flag: '--loud', description: 'a switch' },
  },
  run(values) {
    expectTypeOf(values.who).toEqualTypeOf<string>();
    expectTypeOf(values.where).toEqualTypeOf<string | undefined>();
    expectTypeOf(values.times).toEqualTypeOf<number | undefined>();
    expectTypeOf(values.tag).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(values.loud).toEqualTypeOf<boolean | undefined>();
  },
});

describe('CLI_COMMAND: commands contributed to the udm command line', () => {
  it('defineCommand types run’s values from the options and arguments, and commandsOf finds the bound ones', () => {
    const container = new Container();
    container.load(definePlugin(({ contribute }) => contribute(CLI_COMMAND, hello)));
    expect(commandsOf(container).map((c) => c.name)).toEqual(['hello']);
    expect(commandsOf(new Container())).toEqual([]);
  });

  it('a command contributed twice fails loudly, naming it', () => {
    const container = new Container();
    container.load(definePlugin(({ contribute }) => contribute(CLI_COMMAND, hello, hello)));
    expect(() => commandsOf(container)).toThrow('command "hello" is contributed twice');
  });

  it('a malformed command is refused with the field named', () => {
    const base = { name: 'ok', description: 'd', run: () => undefined };
    const bad = (c: Partial<CliCommand>) => () => defineCommand({ ...base, ...c } as never);
    expect(bad({ name: 'Bad Name' })).toThrow(/command "Bad Name": name: expected lower-case words/);
    expect(bad({ description: '' })).toThrow(/description: expected a non-empty string/);
    expect(bad({ options: { x: { flag: 'x', description: 'd' } } })).toThrow(
      /options\.x\.flag: expected "--name"/,
    );
    expect(bad({ options: { x: { flag: '--x', description: 'd', parse: Number } } })).toThrow(
      /options\.x: a switch \(no "value"\) takes no parse/,
    );
    expect(
      bad({
        options: {
          a: { flag: '-a, --aa', description: 'd' },
          b: { flag: '-a, --bb', description: 'd' },
        },
      }),
    ).toThrow(/options\.b: the flag -a is used twice/);
    expect(
      bad({
        arguments: [
          { name: 'a', description: 'd' },
          { name: 'b', description: 'd', required: true },
        ],
      }),
    ).toThrow(/arguments\[1\] "b": a required argument cannot follow an optional one/);
  });
});
