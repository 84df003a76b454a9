import type * as t from 'io-ts';
import type { Capability } from '../capabilities/capability.js';

/** The shape every pluggable config part has: a `kind` discriminant plus the part's own fields. */
export interface KindConfig {
  readonly kind: string;
}

/**
 * One implementation a plugin contributes to an extension point (a process, a step, a network, …): its `kind`
 * (the config discriminant), the io-ts codec of its config (strict, with defaults), and a factory. `D` is what the
 * composition root hands the factory (e.g. the process, for a step).
 */
export interface Contribution<C extends KindConfig = KindConfig, T = unknown, D = unknown> {
  readonly kind: C['kind'];
  /**
   * Other spellings of `kind` a config may use (e.g. diffusers' `squaredcos_cap_v2` for `cosine`); decoding
   * rewrites them to `kind`, so resolved configs carry the one documented spelling.
   */
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly codec: t.Type<C, unknown, unknown>;
  /** Capabilities the built part has (checked by their type guards when it is built). */
  readonly provides?: readonly Capability[];
  /** Capabilities this part needs of the others (the process, the data, …), checked before it is built. */
  readonly requires?: readonly Capability[];
  create(config: C, deps: D): T;
}

/**
 * Declares a contribution with its config type inferred from the codec, and erases that type for registration:
 * the registry only ever calls `create` with a config its codec decoded.
 */
export function contribution<C extends KindConfig, T, D>(c: {
  readonly kind: NoInfer<C['kind']>;
  readonly aliases?: readonly string[];
  readonly description: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly codec: t.Type<C, any, unknown>;
  readonly provides?: readonly Capability[];
  readonly requires?: readonly Capability[];
  create(config: NoInfer<C>, deps: D): T;
}): Contribution<KindConfig, T, D> {
  return c as unknown as Contribution<KindConfig, T, D>;
}
