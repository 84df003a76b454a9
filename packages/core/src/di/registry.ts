import * as t from 'io-ts';
import { recordKinds } from '../config/codec-info.js';
import { showValue } from '../config/show-value.js';
import type { Contribution, KindConfig } from './contribution.js';

/**
 * The contributions bound to one extension point, looked up by `kind` or one of its `aliases` (never switched on).
 * Duplicate kinds or aliases fail loudly at construction; unknown kinds fail naming the known ones.
 */
export class Registry<T, D> {
  private readonly byKind = new Map<string, Contribution<KindConfig, T, D>>();
  private readonly byAlias = new Map<string, Contribution<KindConfig, T, D>>();

  constructor(
    readonly point: string,
    contributions: ReadonlyArray<Contribution<KindConfig, T, D>>,
  ) {
    for (const c of contributions) {
      if (this.byKind.has(c.kind) || this.byAlias.has(c.kind))
        throw new Error(`${point}: kind "${c.kind}" is registered twice`);
      this.byKind.set(c.kind, c);
    }
    for (const c of contributions) {
      for (const alias of c.aliases ?? []) {
        if (this.byKind.has(alias) || this.byAlias.has(alias))
          throw new Error(`${point}: kind "${alias}" (an alias of "${c.kind}") is registered twice`);
        this.byAlias.set(alias, c);
      }
    }
  }

  /** The contribution a kind or an alias names. */
  private lookup(kind: string): Contribution<KindConfig, T, D> | undefined {
    return this.byKind.get(kind) ?? this.byAlias.get(kind);
  }

  get kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  get entries(): ReadonlyArray<Contribution<KindConfig, T, D>> {
    return [...this.byKind.values()];
  }

  has(kind: string): boolean {
    return this.lookup(kind) !== undefined;
  }

  get(kind: string): Contribution<KindConfig, T, D> {
    const c = this.lookup(kind);
    if (!c) {
      const known = this.kinds.map((k) => `"${k}"`).join(', ') || 'none registered';
      throw new Error(`${this.point}: unknown kind "${kind}" (known kinds: ${known})`);
    }
    return c;
  }

  /** Builds the part a decoded config describes. */
  create(config: KindConfig, deps: D): T {
    return this.get(config.kind).create(config, deps);
  }

  /** The codec of this extension point: dispatches on `kind` to the registered contribution's codec. */
  codec(): t.Type<KindConfig, unknown, unknown> {
    const name = `${this.point} config`;
    const codec = new t.Type<KindConfig, unknown, unknown>(
      name,
      (u): u is KindConfig => {
        const kind = (u as { kind?: unknown } | null)?.kind;
        return typeof kind === 'string' && this.byKind.get(kind)?.codec.is(u) === true;
      },
      (u, c) => {
        if (typeof u !== 'object' || u === null || Array.isArray(u)) {
          return t.failure(
            u,
            c,
            `expected an object with a "kind" field (${this.knownList()}), got ${showValue(u)}`,
          );
        }
        const kind = (u as { kind?: unknown }).kind;
        const chosen = typeof kind === 'string' ? this.lookup(kind) : undefined;
        if (!chosen) {
          return t.failure(
            kind,
            [...c, { key: 'kind', type: t.string, actual: kind }],
            `expected ${this.knownList()}, got ${showValue(kind)}`,
          );
        }
        // An alias is decoded as the kind it stands for, so the resolved config carries the documented spelling.
        return chosen.codec.validate(kind === chosen.kind ? u : { ...u, kind: chosen.kind }, c);
      },
      (a) => a,
    );
    recordKinds(codec, this.point, this.entries as ReadonlyArray<Contribution<KindConfig, unknown, unknown>>);
    return codec;
  }

  private knownList(): string {
    return this.kinds.length === 0
      ? 'no kinds registered'
      : `one of ${this.kinds.map((k) => `"${k}"`).join(', ')}`;
  }
}
