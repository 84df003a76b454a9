import type { ContainerModule } from 'inversify';
import { createContainer, decodeOrThrow, registriesOf, resolveConfig, type KindConfig } from '@udm/core';
import { fromDiffusersScheduler } from './diffusers-scheduler.js';

export interface ImportDiffusersOptions {
  /** Read the file as this diffusers class (e.g. `DDIMScheduler` for a PNDMScheduler file). */
  readonly asClass?: string;
  /** A config to merge the sections into (its data, network, train and sample steps/count are kept). */
  readonly base?: unknown;
  /** The modules whose kinds validate the sections (`udm import-diffusers`: the bundled ones and every `--plugin`). */
  readonly modules: readonly ContainerModule[];
}

export interface ImportDiffusersResult {
  /** The sections (validated, with defaults), or the whole merged config when `base` was given. */
  readonly config: Record<string, unknown>;
  /** Fields without an equivalent, and choices made. */
  readonly notes: readonly string[];
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TypeError(`${what}: expected a JSON object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

/**
 * `udm import-diffusers`: a diffusers `scheduler_config.json` as our `process`, `posterior` and `sample` sections,
 * validated by the same codecs as a config file (with `base`: merged into that config and validated whole).
 */
export function importDiffusers(raw: unknown, options: ImportDiffusersOptions): ImportDiffusersResult {
  const s = fromDiffusersScheduler(raw, options.asClass);
  const { modules } = options;
  if (options.base !== undefined) {
    const base = record(options.base, 'base config');
    const sample = base['sample'] === undefined ? {} : record(base['sample'], 'base config: sample');
    const merged = {
      ...base,
      process: s.process,
      posterior: s.posterior,
      sample: { ...sample, ...s.sample },
    };
    resolveConfig(merged, modules);
    return { config: merged, notes: s.notes };
  }
  const r = registriesOf(createContainer(modules));
  const config = {
    process: decodeOrThrow(r.processes.codec(), s.process, 'process'),
    posterior: decodeOrThrow(r.posteriors.codec(), s.posterior, 'posterior'),
    sample: {
      sampler: decodeOrThrow(r.samplers.codec(), s.sample.sampler, 'sample.sampler'),
      step: decodeOrThrow(r.steps.codec(), s.sample.step, 'sample.step'),
      grid: decodeOrThrow(r.grids.codec(), s.sample.grid, 'sample.grid'),
    } satisfies Record<string, KindConfig>,
  };
  return { config, notes: s.notes };
}
