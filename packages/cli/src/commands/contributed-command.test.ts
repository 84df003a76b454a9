import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_COMMAND, defineCommand, definePlugin } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { helpText } from '../docs/cli-reference.js';
import { createProgram, pluginArguments, programFor } from '../program.js';
import { runUdm } from '../test-support/run-udm.js';
import { contributedCommand } from './contributed-command.js';

const plugin = fileURLToPath(new URL('../test-support/echo-command-plugin.ts', import.meta.url));

function resultOf(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('commands contributed to CLI_COMMAND', () => {
  it('finds --plugin files in a command line before parsing it', () => {
    expect(
      pluginArguments(['-p', 'a.js', '--plugin', 'b.js', '--plugin=c.js', '-pd.js', 'list', '--', '-p', 'e']),
    ).toEqual(['a.js', 'b.js', 'c.js', 'd.js']);
  });

  it("the bundled families' commands are contributed, not built in: distill and import-diffusers come from gaussianModule", () => {
    const names = createProgram().commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['distill', 'import-diffusers']));
    const withoutFamilies = createProgram(defaultModules().slice(1)).commands.map((c) => c.name());
    expect(withoutFamilies).not.toContain('distill');
    expect(withoutFamilies).toContain('train');
  });

  it("a plugin's command appears in udm --help and udm list, and runs with typed, parsed values", async () => {
    const program = await programFor(['--plugin', plugin, 'echo']);
    expect(helpText(program)).toMatch(/echo \[options\] <word> \[other\]\s+test plugin: prints the values/);
    const echo = program.commands.find((c) => c.name() === 'echo')!;
    expect(helpText(echo)).toContain('$ udm echo hello --times 2');
    const listed = JSON.parse((await runUdm('--plugin', plugin, '--json', 'list')).stdout) as {
      section: string;
      kinds: { kind: string }[];
    }[];
    const commands = listed.find((s) => s.section.startsWith('commands'))!.kinds.map((k) => k.kind);
    expect(commands).toEqual(expect.arrayContaining(['distill', 'import-diffusers', 'echo', 'where']));
    const { stdout } = await runUdm(
      '--plugin',
      plugin,
      '--json',
      'echo',
      'hi',
      '--times',
      '3',
      '--scale',
      '0.5',
      '--tag',
      'a',
      '--tag',
      'b',
      '--loud',
    );
    const r = resultOf(stdout);
    expect(r['event']).toBe('result');
    expect(r['values']).toEqual({ word: 'hi', times: 3, scale: 0.5, tag: ['a', 'b'], loud: true });
    expect(r['progress']).toBe('json');
    expect(r['modules']).toBe(defaultModules().length + 1);
    expect((await runUdm('--plugin', plugin, '--quiet', 'echo', 'plain')).stdout).toBe('plain\n');
  });

  it('bad option values are errors naming the option', async () => {
    await expect(runUdm('--plugin', plugin, 'echo', 'hi', '--times', '0')).rejects.toThrow(
      '--times: expected a positive integer, got 0',
    );
    await expect(runUdm('--plugin', plugin, 'echo', 'hi', '--scale', '2')).rejects.toThrow(
      '--scale: expected a number in (0, 1], got 2',
    );
  });

  it('a command that takes a run gets [run] / -k / -r, and the run given', async () => {
    expect(resultOf((await runUdm('--plugin', plugin, '--json', 'where', 'runs/x')).stdout)['run']).toBe(
      'runs/x',
    );
    expect(
      resultOf((await runUdm('--plugin', plugin, '--json', 'where', '-k', 'runs/y')).stdout)['run'],
    ).toBe('runs/y');
    await expect(runUdm('--plugin', plugin, 'where')).rejects.toThrow(/where: expected a run directory/);
  });

  it('a command reusing a flag of udm itself, or a name already taken, fails loudly', () => {
    const clash = defineCommand({
      name: 'clash',
      description: 'd',
      options: { json: { flag: '--json', description: 'd' } },
      run: () => undefined,
    });
    expect(() => contributedCommand(clash)).toThrow(
      'command "clash": options.json: --json is a flag of udm itself',
    );
    const again = defineCommand({ name: 'distill', description: 'd', run: () => undefined });
    const plugin = definePlugin(({ contribute }) => contribute(CLI_COMMAND, again));
    expect(() => createProgram([...defaultModules(), plugin])).toThrow(
      'command "distill" is contributed twice',
    );
  });
});
