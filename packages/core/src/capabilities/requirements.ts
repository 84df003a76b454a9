import { ConfigError } from '../config/config-error.js';
import { declares, missingCapability, type Capability, type CapabilitySubject } from './capability.js';

/** The built parts a requirement is checked against, by subject (absent: not built yet, not checked). */
export type CapabilityParts = Readonly<Partial<Record<CapabilitySubject, unknown>>>;

/** The kind chosen for each subject, named in error messages. */
export type CapabilityKinds = Readonly<Partial<Record<CapabilitySubject, string>>>;

/** What a contribution declares: the capabilities its part provides and those it needs of the other parts. */
export interface CapabilityDeclarations {
  readonly provides?: readonly Capability[];
  readonly requires?: readonly Capability[];
}

/** The requirements the built parts do not meet (by each capability's type guard). */
export function unmetRequirements(
  requires: readonly Capability[] | undefined,
  parts: CapabilityParts,
): Capability[] {
  return (requires ?? []).filter((c) => c.subject in parts && !c.has(parts[c.subject]));
}

/**
 * Throws a ConfigError naming every capability `who` (e.g. `posterior.kind: "x0"`) needs that the built parts lack,
 * and what provides it.
 */
export function checkRequirements(
  who: string,
  requires: readonly Capability[] | undefined,
  parts: CapabilityParts,
  kinds: CapabilityKinds = {},
): void {
  const unmet = unmetRequirements(requires, parts);
  if (unmet.length > 0) throw new ConfigError(unmet.map((c) => missingCapability(c, who, kinds[c.subject])));
}

/**
 * Whether a part that declares `provided` can meet `requires` of subject `subject`, judged from declarations only
 * (nothing is built): every required capability of that subject is declared.
 */
export function satisfiesDeclared(
  requires: readonly Capability[] | undefined,
  subject: CapabilitySubject,
  provided: readonly Capability[] | undefined,
): boolean {
  return (requires ?? []).every((c) => c.subject !== subject || declares(provided, c));
}

/** Throws unless a built part has every capability its contribution declares (a broken declaration). */
export function checkProvided(who: string, provides: readonly Capability[] | undefined, part: unknown): void {
  const missing = (provides ?? []).filter((c) => !c.has(part));
  if (missing.length > 0) {
    throw new ConfigError([
      `${who} declares ${missing.map((c) => `capability "${c.name}"`).join(', ')} but the part it built lacks it`,
    ]);
  }
}
