// A plugin contributing two `udm` subcommands (CLI_COMMAND), for the tests of the command-line extension point: `echo`
// prints the values and context it received, `where` the run it was given.
import { CLI_COMMAND, defineCommand, definePlugin, intOption } from '@udm/core';

export const echoCommand = defineCommand({
  name: 'echo',
  description: 'test plugin: prints the values it was given',
  arguments: [
    { name: 'word', description: 'a word', required: true },
    { name: 'other', description: 'another word' },
  ],
  options: {
    times: {
      flag: '-n, --times',
      value: 'n',
      description: 'a positive integer',
      parse: intOption('--times'),
    },
    scale: {
      flag: '--scale',
      value: 'x',
      description: 'a number in (0, 1]',
      parse: (text: string) => {
        const x = Number(text);
        if (!(x > 0 && x <= 1)) throw new Error(`expected a number in (0, 1], got ${text}`);
        return x;
      },
    },
    tag: {
      flag: '--tag',
      value: 'text',
      description: 'repeatable',
      parse: (t: string) => t,
      repeatable: true,
    },
    loud: { flag: '--loud', description: 'a switch' },
  },
  examples: ['udm echo hello --times 2'],
  run(values, context) {
    context.result(
      { values, progress: context.progress, modules: context.modules.length },
      `${values.word}\n`,
    );
  },
});

export const whereCommand = defineCommand({
  name: 'where',
  description: 'test plugin: prints the run it was given',
  takesRun: true,
  run(_values, context) {
    context.result({ run: context.run }, `${context.run}\n`);
  },
});

export default definePlugin(({ contribute }) => contribute(CLI_COMMAND, echoCommand, whereCommand));
