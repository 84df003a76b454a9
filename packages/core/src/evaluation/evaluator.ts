import type { Container, ServiceIdentifier } from 'inversify';
import type { Udm } from '../di/udm.js';

/** Numbers one evaluator reports, by name (e.g. `{ bitsPerDim: 1.23 }`). */
export type EvalValues = Readonly<Record<string, number>>;

/** What an evaluator is given. */
export interface EvalContext {
  /** The trained model (EMA weights loaded unless asked otherwise). */
  readonly udm: Udm;
  /** Seed of every random draw of the evaluation (the same seed gives the same numbers). */
  readonly seed: number;
  /** Held-out examples to evaluate at most (each evaluator has its own default). */
  readonly maxExamples?: number;
  /** Samples to draw for sample-based metrics (default: the evaluator's). */
  readonly count?: number;
  /** Sampler steps for sample-based metrics (default: the config's `sample.steps`). */
  readonly steps?: number;
  /** Called as work advances (`done` of `total` units), for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * An extension point of `udm eval`: a metric family a plugin knows how to compute (NELBO in bits/dim for Gaussian
 * processes, bits per character for masked text, sample distances for 2-D data). Evaluators are multi-bound to
 * `EVALUATOR` in a ContainerModule and chosen by what they accept, never switched on in the CLI.
 */
export interface Evaluator {
  /** Unique name, the key of its numbers in the result (e.g. `gaussian-nelbo`). */
  readonly name: string;
  readonly description: string;
  /** Why this evaluator does not apply to the model (undefined when it does), e.g. "needs a discrete-time process". */
  unsupported(udm: Udm): string | undefined;
  evaluate(context: EvalContext): Promise<EvalValues> | EvalValues;
}

/** The DI token evaluators are multi-bound to. */
export const EVALUATOR: ServiceIdentifier<Evaluator> = Symbol.for('udm.Evaluator');

/** The evaluators bound in a container (duplicate names fail loudly). */
export function evaluatorsOf(container: Container): Evaluator[] {
  const all = container.isBound(EVALUATOR) ? container.getAll(EVALUATOR) : [];
  const seen = new Set<string>();
  for (const e of all) {
    if (seen.has(e.name)) throw new Error(`evaluator: name "${e.name}" is registered twice`);
    seen.add(e.name);
  }
  return all;
}
