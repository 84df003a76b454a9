import { type Command } from 'commander';
import type { ContainerModule } from 'inversify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { parseConfigSet, type ConfigSet } from '../api/config-set.js';
import { defaultModules } from '../api/default-modules.js';
import type { ProgressMode } from '../progress/reporter.js';
import { PluginTrust, fileTrustEntry } from '../plugins/plugin-trust.js';
import { importPlugin, pluginModulesOf } from './import-plugin.js';

export interface CommonFlags {
  readonly backend?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly plugin?: string[];
}

export function progressMode(flags: CommonFlags): ProgressMode {
  return flags.json ? 'json' : flags.quiet ? 'quiet' : 'bar';
}

/** Chooses the tensor backend (`--backend` or the default order) and logs the choice in one line (`--verbose`: long). */
export async function setUpBackend(flags: CommonFlags): Promise<void> {
  const mode = progressMode(flags);
  await selectBackend({
    ...(flags.backend ? { prefer: parseBackendName(flags.backend) } : {}),
    verbose: flags.verbose === true,
    log: (msg) => {
      if (mode === 'bar') process.stderr.write(`${msg}\n`);
      else if (mode === 'json') process.stderr.write(`${JSON.stringify({ event: 'info', message: msg })}\n`);
    },
  });
}

/**
 * The bundled modules plus user plugins given with `--plugin FILE`: every export of the file that is a plugin
 * module (`definePlugin(...)` or any inversify `ContainerModule`, recognised by its shape, so a module built by
 * another copy of inversify counts too). A file passed here is code the user chose to run: a run that recorded the
 * same file (same bytes) may load its copy in this process too (docs/trust-model.md).
 */
export async function loadModules(flags: CommonFlags): Promise<ContainerModule[]> {
  const modules = defaultModules();
  for (const file of flags.plugin ?? []) {
    const mod = await importPlugin(file); // trusted code; its load errors and hangs name the file
    modules.push(...pluginModulesOf(mod, `--plugin ${file}`));
    PluginTrust.forThisProcess(fileTrustEntry(createHash('sha256').update(readFileSync(file)).digest('hex')));
  }
  return modules;
}

/** `--step ddpm` or `--step '{"kind":"ddim","eta":0.5}'`. */
export function parseKindOption(value: string): unknown {
  const v = value.trim();
  if (v.startsWith('{')) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new Error(`expected a kind name or a JSON object, got ${value}`);
    }
  }
  return { kind: v };
}

export { intOption } from '@udm/core';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`expected a positive integer, got ${value}`);
  return n;
}

function collectSet(value: string, previous: ConfigSet[] = []): ConfigSet[] {
  return [...previous, parseConfigSet(value)];
}

/** Adds the repeatable `--set key.path=value` option (a config field override, validated like the file). */
export function setOption(cmd: Command, what: string, example: string): Command {
  return cmd.option(
    '--set <path=value>',
    `override a field of ${what}, e.g. ${example}; repeatable; the value is JSON or text, validated like the file`,
    collectSet,
  );
}
