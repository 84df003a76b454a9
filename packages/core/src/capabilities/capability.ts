import { ConfigError } from '../config/config-error.js';

/** The part of a composed model a capability is a property of. */
export type CapabilitySubject = 'process' | 'data' | 'posterior';

/**
 * A property one part of a model declares and others need (seed 002's parts fit together through them, not through
 * each other's classes): e.g. a process with affine Gaussian coefficients α_t, σ_t, or data of tokens. `has` is the
 * type guard that checks a built part; contributions declare what they `provide` and `require`, so compatibility is
 * known before anything is built (the composition root checks it, `udm list` and the reliability harness read it).
 * Any package may define one; capabilities meet by `name`.
 */
export interface Capability<T = unknown> {
  /** Unique, kebab-case (e.g. `affine-gaussian`). */
  readonly name: string;
  readonly subject: CapabilitySubject;
  /** What the capability is, for error messages (e.g. "affine Gaussian coefficients α_t, σ_t"). */
  readonly description: string;
  /** What provides it, for error messages (e.g. "a Gaussian process, such as one extending AffineGaussianProcess"). */
  readonly providedBy: string;
  /** The type guard: whether a built part has the capability. */
  has(part: unknown): part is T;
}

/** Declares a capability (a typed helper for the object literal). */
export function capability<T>(c: Capability<T>): Capability<T> {
  return c;
}

/** A capability in words: its description, name and what provides it. */
export function describeCapability(c: Capability): string {
  return `${c.description} (capability "${c.name}", provided by ${c.providedBy})`;
}

/**
 * `part` narrowed to the capability, or a ConfigError `<who> needs <capability…>`. `who` names the config field and
 * kind that needs it, e.g. `posterior.kind: "x0"`.
 */
export function requireCapability<T>(cap: Capability<T>, part: unknown, who: string): T {
  if (!cap.has(part)) throw new ConfigError([missingCapability(cap, who)]);
  return part;
}

/** The message of a missing capability: `<who> needs <capability>, which the configured <subject> lacks`. */
export function missingCapability(cap: Capability, who: string, subjectKind?: string): string {
  const chosen = subjectKind === undefined ? `the configured ${cap.subject}` : `${cap.subject} "${subjectKind}"`;
  return `${who} needs ${describeCapability(cap)}; ${chosen} does not provide it`;
}

/** Whether the capabilities a part declares include `cap` (by name: capabilities meet across package copies). */
export function declares(provided: readonly Capability[] | undefined, cap: Capability): boolean {
  return provided?.some((p) => p.name === cap.name) ?? false;
}
