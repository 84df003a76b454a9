import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, DEFAULT_BACKEND_ORDER, parseBackendName } from '@udm/backend-tfjs';
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

describe('backend names', () => {
  it('--help, docs/getting-started.md, docs/backends.md and selectBackend list the same backends in the same order', () => {
    const text = helpText(createProgram()).replace(/\s+/g, ' ');
    expect(text).toContain(`tensor backend: ${BACKEND_NAMES.join(', ')}`);
    expect(text).toContain(`the first of ${DEFAULT_BACKEND_ORDER.join(', ')} that loads`);
    const docs = (name: string) => readFileSync(new URL(`../../../../docs/${name}`, import.meta.url), 'utf8');
    expect(docs('getting-started.md')).toContain(`--backend ${BACKEND_NAMES.join('|')}`);
    expect(docs('backends.md')).toContain(DEFAULT_BACKEND_ORDER.join(' → '));
    expect(docs('backends.md').replace(/\s+/g, ' ')).toContain(BACKEND_NAMES.join(', '));
    expect(() => parseBackendName('nope')).toThrow(BACKEND_NAMES.map((n) => `'${n}'`).join(', '));
  });
});
