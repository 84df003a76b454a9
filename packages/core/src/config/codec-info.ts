import type { Contribution, KindConfig } from '../di/contribution.js';
import type { Fields } from './struct.js';

/**
 * What a codec is made of, kept beside it for introspection (the generated configuration reference): the fields
 * of a `struct`, or the contributions a registry's `kind`-dispatching codec chooses from.
 */
const structs = new WeakMap<object, Fields>();
const kindCodecs = new WeakMap<
  object,
  { readonly point: string; readonly entries: ReadonlyArray<Contribution<KindConfig, unknown, unknown>> }
>();

/** Records the fields of a struct codec (called by `struct`). */
export function recordStructFields(codec: object, fields: Fields): void {
  structs.set(codec, fields);
}

/** Records the contributions a kind-dispatching codec chooses from (called by `Registry.codec`). */
export function recordKinds(
  codec: object,
  point: string,
  entries: ReadonlyArray<Contribution<KindConfig, unknown, unknown>>,
): void {
  kindCodecs.set(codec, { point, entries });
}

/** The fields of a codec built with `struct`, or undefined. */
export function structFieldsOf(codec: object): Fields | undefined {
  return structs.get(codec);
}

/** The extension point and contributions of a codec built by `Registry.codec()`, or undefined. */
export function kindsOf(
  codec: object,
):
  | { readonly point: string; readonly entries: ReadonlyArray<Contribution<KindConfig, unknown, unknown>> }
  | undefined {
  return kindCodecs.get(codec);
}
