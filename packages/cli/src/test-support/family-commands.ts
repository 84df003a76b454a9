import type { ContainerModule } from 'inversify';
import type { ProgressMode } from '@udm/core';
import {
  distillRun as gaussianDistillRun,
  importDiffusers as gaussianImportDiffusers,
  type DistillRunOptions,
  type DistillRunResult,
  type ImportDiffusersOptions,
  type ImportDiffusersResult,
} from '@udm/gaussian';
import { commandContext } from '../api/command-context.js';
import { defaultModules } from '../api/default-modules.js';

/**
 * The commands `@udm/gaussian` contributes, called as `udm distill` / `udm import-diffusers` call them: with the
 * command line's `CommandContext` over the given modules (default: the bundled ones). For the cli's tests of them.
 */
export function distillRun(
  options: DistillRunOptions & {
    readonly modules?: readonly ContainerModule[];
    readonly progress?: ProgressMode;
  },
): Promise<DistillRunResult> {
  const { modules, progress, ...rest } = options;
  return gaussianDistillRun(
    rest,
    commandContext({ ...(modules ? { modules } : {}), ...(progress ? { progress } : {}) }),
  );
}

export function importDiffusers(
  raw: unknown,
  options: Partial<ImportDiffusersOptions> = {},
): ImportDiffusersResult {
  return gaussianImportDiffusers(raw, { ...options, modules: options.modules ?? defaultModules() });
}
