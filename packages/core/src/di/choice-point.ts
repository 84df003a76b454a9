import type { ServiceIdentifier } from 'inversify';
import type { Contribution, KindConfig } from './contribution.js';
import { Registry } from './registry.js';

/**
 * A second-level extension point: a choice made inside a part's config (a β schedule in `process.schedule`, a
 * parameterization, an ODE solver, a degradation, a tokenizer …). Its contributions are multi-bound to `token`
 * like a contract's, so a plugin adds one from its own module; the part that makes the choice reads them with
 * `choiceRegistry`. Bound to `TOKENS.ChoicePoint` it is listed by `udm list`.
 */
export interface ChoicePoint<T = unknown, D = unknown> {
  /** Global DI token (`Symbol.for('udm.<name>')`), so copies of a package meet on the same one. */
  readonly token: ServiceIdentifier<Contribution<KindConfig, T, D>>;
  /** Where the choice is made in a config, e.g. `process.schedule` (used in error messages and `udm list`). */
  readonly section: string;
  /** Which parts read it, e.g. `process.kind "vp"`. */
  readonly usedBy: string;
}

/** Declares a choice point with the global token `udm.<name>`. */
export function choicePoint<T, D = unknown>(
  name: string,
  section: string,
  usedBy: string,
): ChoicePoint<T, D> {
  return {
    token: Symbol.for(`udm.${name}`) as ServiceIdentifier<Contribution<KindConfig, T, D>>,
    section,
    usedBy,
  };
}

/** What a choice registry is read from: a container or an inversify resolution context. */
export interface ContributionSource {
  getAll<X>(id: ServiceIdentifier<X>, options?: { optional?: boolean }): X[];
}

/**
 * The contributions bound to a choice point, looked up by `kind` (none bound: an empty registry; a bound list, as
 * `contributeFrom` binds, is flattened).
 */
export function choiceRegistry<T, D>(source: ContributionSource, point: ChoicePoint<T, D>): Registry<T, D> {
  return new Registry(point.section, source.getAll(point.token, { optional: true }).flat());
}

/** The token every package binds its choice points to (for `udm list`). */
export const CHOICE_POINTS = Symbol.for('udm.ChoicePoint') as ServiceIdentifier<ChoicePoint>;
