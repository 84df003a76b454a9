import type { Container, ServiceIdentifier } from 'inversify';
import type { Udm } from '../di/udm.js';
import type { EvalValues } from './evaluator.js';

/** What a sample writer is given: one set of samples of a model, and a way to write files. */
export interface SampleWriterContext {
  readonly udm: Udm;
  /** The samples x0 in the model's space, row-major (int32 ids for categorical data). */
  readonly samples: Float32Array | Int32Array;
  /** [count, ...itemShape]. */
  readonly shape: readonly number[];
  /** Names this sample set in file names, e.g. `ddim-50`. */
  readonly label: string;
  /**
   * Writes one output file next to the samples (the host picks the directory and writes atomically) and returns
   * its path.
   */
  writeFile(name: string, contents: Uint8Array | string): Promise<string>;
}

/** What a writer wrote. */
export interface WrittenSamples {
  /** Paths by role, e.g. `{ text: '…/samples-masked-ancestral-64.txt' }`. */
  readonly files: Readonly<Record<string, string>>;
  /** Numbers it computed on the way, if any. */
  readonly values?: EvalValues;
  /** One line for the user, e.g. the first decoded sample. */
  readonly summary?: string;
}

/**
 * An extension point of `udm sample`: presents samples in the data's own form (decoded text for token data, a
 * plugin's own format). Multi-bound to `SAMPLE_WRITER` and chosen by what it accepts, never switched on by the
 * caller; every writer that accepts the model runs.
 */
export interface SampleWriter {
  /** Unique name (e.g. `text`). */
  readonly name: string;
  readonly description: string;
  /** Why this writer does not apply to the model (undefined when it does). */
  unsupported(udm: Udm): string | undefined;
  write(context: SampleWriterContext): Promise<WrittenSamples> | WrittenSamples;
}

/** The DI token sample writers are multi-bound to. */
export const SAMPLE_WRITER: ServiceIdentifier<SampleWriter> = Symbol.for('udm.SampleWriter');

/** The writers bound in a container that apply to the model (duplicate names fail loudly). */
export function sampleWritersFor(udm: Udm, container: Container = udm.container): SampleWriter[] {
  const all = container.isBound(SAMPLE_WRITER) ? container.getAll(SAMPLE_WRITER) : [];
  const seen = new Set<string>();
  for (const w of all) {
    if (seen.has(w.name)) throw new Error(`sample writer: name "${w.name}" is registered twice`);
    seen.add(w.name);
  }
  return all.filter((w) => w.unsupported(udm) === undefined);
}
