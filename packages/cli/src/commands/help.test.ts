import { describe, expect, it } from 'vitest';
import { helpText } from '../docs/cli-reference.js';
import { createProgram } from '../program.js';

describe('udm --help', () => {
  const program = createProgram();

  it('lists every command, with the global --quiet, --json, --backend and --plugin options', () => {
    const text = helpText(program);
    for (const name of ['train', 'resume', 'sample', 'eval', 'plot', 'list', 'inspect'])
      expect(text).toMatch(new RegExp(`\\n  ${name}\\b`));
    for (const flag of ['--quiet', '--json', '--backend', '--plugin']) expect(text).toContain(flag);
  });

  it('gives examples for every command', () => {
    for (const cmd of program.commands) {
      const text = helpText(cmd);
      expect(text, cmd.name()).toContain('Examples:');
      expect(text, cmd.name()).toContain(`$ udm ${cmd.name()}`);
    }
  });
});
