import type { ContainerModule } from 'inversify';
import {
  ConfigError,
  configCodecOf,
  createContainer,
  decodeOrThrow,
  Registry,
  registriesOf,
  satisfiesDeclared,
  Udm,
  type CapabilitySubject,
  type DatasetContribution,
  type DataSplit,
  type KindConfig,
  type Registries,
} from '@udm/core';

/** One pluggable section of the config and the registry that decodes it. */
export interface Section {
  /** Dotted config path, e.g. `sample.step`. */
  readonly path: string;
  readonly registry: Registry<unknown, unknown>;
}

/** Every extension point's section, in the order the composition root builds them. */
export function sectionsOf(r: Registries): Section[] {
  const s = (path: string, registry: Registry<unknown, unknown>): Section => ({ path, registry });
  return [
    s('data', r.datasets as Registry<unknown, unknown>),
    s('process', r.processes as Registry<unknown, unknown>),
    s('network', r.networks as Registry<unknown, unknown>),
    s('posterior', r.posteriors as Registry<unknown, unknown>),
    s('sample.step', r.steps as Registry<unknown, unknown>),
    s('sample.grid', r.grids as Registry<unknown, unknown>),
    s('train.optimizer', r.optimizers as Registry<unknown, unknown>),
    s('train.objective', r.objectives as Registry<unknown, unknown>),
  ];
}

/** An example config of a kind (and changes it needs elsewhere in the config, by dotted path). */
export interface Example {
  readonly value: Record<string, unknown>;
  readonly patch?: Readonly<Record<string, unknown>>;
}

/**
 * Example configs for the kinds whose `{ kind }` alone does not decode (they have required fields), and small
 * versions of expensive ones. A new kind with required fields needs one line here; every other registered kind is
 * found and tested automatically with `{ kind }` and its defaults.
 */
export const EXAMPLES: Readonly<Record<string, Example>> = {
  'sample.grid/explicit': { value: { kind: 'explicit', timesteps: [1] }, patch: { 'sample.steps': 1 } },
  'sample.step/interpolated-noise': { value: { kind: 'interpolated-noise', sigmaTilde: 0.5 } },
  // Decodes; builds only with an autoencoder checkpoint on disk (`udm autoencoder`), so it is fuzzed at decoding.
  'data/latent': {
    value: {
      kind: 'latent',
      autoencoder: '/nonexistent/autoencoder.safetensors',
      source: { kind: 'two-moons' },
    },
  },
  // Needs its number of classes; builds only with labelled data (fuzzed at decoding with the default data).
  'posterior/noisy-classifier': { value: { kind: 'noisy-classifier', classes: 8 } },
  // Small versions of expensive defaults, so that tests training or sampling them stay fast.
  'network/mlp': { value: { kind: 'mlp', hidden: [16], timeEmbedding: 4 } },
  'network/unet': { value: { kind: 'unet', channels: [8, 8], timeEmbedding: 8, groups: 4 } },
  'network/transformer': { value: { kind: 'transformer', dModel: 16, heads: 2, layers: 1, mlpRatio: 2 } },
  'process/cold': {
    value: {
      kind: 'cold',
      degradation: { kind: 'gaussian-blur', T: 5, kernelSize: 3 },
      prior: { fitSize: 64 },
    },
  },
};

/** The example of `kind` in `section`: from EXAMPLES, or `{ kind }` when that decodes (defaults fill the rest). */
export function exampleOf(section: Section, kind: string): Example | undefined {
  const listed = EXAMPLES[`${section.path}/${kind}`];
  if (listed) return listed;
  return section.registry.codec().decode({ kind })._tag === 'Right' ? { value: { kind } } : undefined;
}

/** Builds a model from a raw config: what `createUdm(config, modules)` does. */
export type Compose = (config: unknown) => Udm;

/** The section whose part threw an error while a `composer` model was built (the outermost part, if nested). */
const THROWN_BY = new WeakMap<object, string>();

/** The config section of the part that threw `error` in a `composer` build; undefined when no part's factory did. */
export function thrownBy(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? THROWN_BY.get(error) : undefined;
}

/** `registry` with each factory's failures marked with `section` (see `thrownBy`). */
function marking<T, D>(registry: Registry<T, D>, section: string): Registry<T, D> {
  return new Registry(
    registry.point,
    registry.entries.map((c) => ({
      ...c,
      create: (config: KindConfig, deps: D): T => {
        try {
          return c.create(config, deps);
        } catch (e) {
          if (typeof e === 'object' && e !== null) THROWN_BY.set(e, section);
          throw e;
        }
      },
    })),
  );
}

/**
 * `createUdm(config, modules)` for many configs: one container, and data sets built once per (config, seed) — the
 * data factories are pure, and building MNIST or Moby-Dick for each of thousands of configs would dominate.
 * Everything else (decoding, every other factory, the model's weights) is built anew each call, as createUdm does.
 * A factory's failure is marked with its section (`thrownBy`), so the search blames the part that threw, whatever
 * field its message names.
 */
export function composer(modules: readonly ContainerModule[]): Compose {
  const container = createContainer(modules);
  const base = registriesOf(container);
  const cache = new Map<string, DataSplit>();
  const datasets = new Registry(
    base.datasets.point,
    base.datasets.entries.map((c): DatasetContribution => ({
      ...c,
      create: (config, deps) => {
        const key = JSON.stringify([config, deps]);
        const hit = cache.get(key);
        if (hit) return hit;
        const made = c.create(config, deps);
        if (cache.size < 32) cache.set(key, made);
        return made;
      },
    })),
  );
  const registries: Registries = {
    ...base,
    datasets: marking(datasets, 'data'),
    processes: marking(base.processes, 'process'),
    networks: marking(base.networks, 'network'),
    posteriors: marking(base.posteriors, 'posterior'),
    steps: marking(base.steps, 'sample.step'),
    grids: marking(base.grids, 'sample.grid'),
    optimizers: marking(base.optimizers, 'train.optimizer'),
    objectives: marking(base.objectives, 'train.objective'),
  };
  const codec = configCodecOf(registries);
  return (config) => new Udm(decodeOrThrow(codec, config), registries, container);
}

/** Sets `value` at a dotted path of a plain-object tree (creating objects on the way). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The run-level settings every search config uses: tiny batches and few steps. */
function skeleton(): Record<string, unknown> {
  return {
    seed: 5,
    train: { steps: 3, batchSize: 8, checkpointEvery: 1000, ema: 0.9 },
    sample: { steps: 5, count: 4 },
  };
}

/** A config from one example per section. */
export function configOf(choice: ReadonlyMap<string, Example>): Record<string, unknown> {
  const config = skeleton();
  for (const [path, ex] of choice) setPath(config, path, structuredClone(ex.value));
  for (const ex of choice.values())
    for (const [p, v] of Object.entries(ex.patch ?? {})) setPath(config, p, v);
  return config;
}

/** The sections a build failure is blamed on, in build order (grid and step counts depend on the process). */
const LEVELS = ['data', 'process', 'network', 'posterior', 'sample.step', 'train.objective'] as const;

/** The level a config path belongs to (-1: none of them). */
function levelOfPath(path: string): number {
  const within = (p: string) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`);
  if (within('sample.steps') || within('sample.grid')) return LEVELS.indexOf('process');
  for (let i = LEVELS.length - 1; i >= 0; i--) if (within(LEVELS[i]!)) return i;
  return -1;
}

/**
 * The level a build failure is blamed on: the section of the part whose factory threw it (a part that cannot use
 * what an earlier section chose says so in a message that may name that section, e.g. `data: needs labels`, but
 * another choice of the part itself may still build); otherwise — a decoding error, a declared requirement — the
 * section its first path names. A failure that is not a ConfigError (e.g. in `accept`) may be anyone's.
 */
export function levelOf(error: unknown): number {
  if (!(error instanceof ConfigError)) return LEVELS.length;
  const part = thrownBy(error);
  const level = part === undefined ? -1 : levelOfPath(part);
  if (level >= 0) return level;
  const issue = error.issues[0] ?? '';
  return levelOfPath(issue.slice(0, issue.indexOf(':')));
}

export interface Buildable {
  readonly config: Record<string, unknown>;
  /** Wall time of one successful `createUdm` + `dispose`, in ms. */
  readonly buildMs: number;
}

/** The section whose chosen part a capability is a property of. */
const SUBJECT_SECTION: Readonly<Record<CapabilitySubject, string>> = {
  data: 'data',
  process: 'process',
  posterior: 'posterior',
};

/**
 * Whether the choices of the first `upto + 1` levels fit together by their declarations alone (nothing built):
 * every capability a chosen contribution `requires` is declared (`provides`) by the chosen part it is about.
 */
export function declaredCompatible(
  sections: readonly Section[],
  choice: ReadonlyMap<string, Example>,
  upto: number = LEVELS.length - 1,
): boolean {
  const registry = new Map(sections.map((s) => [s.path, s.registry]));
  const chosen = LEVELS.slice(0, upto + 1);
  const contributionAt = (path: string) => {
    const kind = choice.get(path)?.value['kind'];
    const r = registry.get(path);
    return typeof kind === 'string' && r?.has(kind) ? r.get(kind) : undefined;
  };
  for (const path of chosen) {
    for (const need of contributionAt(path)?.requires ?? []) {
      const at = SUBJECT_SECTION[need.subject];
      if (!(chosen as readonly string[]).includes(at)) continue;
      if (!satisfiesDeclared([need], need.subject, contributionAt(at)?.provides)) return false;
    }
  }
  return true;
}

type Outcome = { readonly ok: Buildable } | { readonly jump: number } | { readonly stop: true };

/**
 * Finds a config that builds with `section` set to `kind`, choosing the other parts among the registered kinds:
 * depth-first in build order over the combinations whose declared capabilities fit (`requires` / `provides`, so
 * a posterior that needs affine Gaussian coefficients is only tried with processes that declare them), building
 * each and jumping back to the level a build failure is blamed on. `accept` may demand more than building (e.g. one
 * training step). Returns undefined when no combination works within `maxBuilds` builds.
 */
export async function findBuildable(
  modules: readonly ContainerModule[],
  fixed: { readonly section: string; readonly kind: string },
  accept: (udm: Udm) => Promise<void> | void = () => undefined,
  compose: Compose = composer(modules),
  maxBuilds = 200,
): Promise<Buildable | undefined> {
  const sections = sectionsOf(registriesOf(createContainer(modules)));
  const options = new Map<string, Example[]>();
  for (const s of sections) {
    const only = fixed.section === s.path ? fixed.kind : undefined;
    const kinds = only !== undefined ? [only] : s.registry.entries.map((e) => e.kind);
    const examples = kinds.map((k) => exampleOf(s, k)).filter((e): e is Example => e !== undefined);
    // Grids and optimizers do not interact with the rest: linspace and adam unless forced.
    const preferred = { 'sample.grid': 'linspace', 'train.optimizer': 'adam' }[s.path];
    const picked =
      preferred && only === undefined ? examples.filter((e) => e.value['kind'] === preferred) : examples;
    if (picked.length === 0) return undefined;
    options.set(s.path, picked);
  }
  const choice = new Map<string, Example>([...options].map(([p, o]) => [p, o[0]!]));
  let builds = 0;
  const attempt = async (): Promise<{ ok: Buildable } | { level: number }> => {
    builds++;
    const config = configOf(choice);
    const began = performance.now();
    let udm: Udm | undefined;
    try {
      udm = compose(config);
      const buildMs = performance.now() - began;
      await accept(udm);
      return { ok: { config, buildMs } };
    } catch (e) {
      return { level: levelOf(e) };
    } finally {
      udm?.dispose();
    }
  };
  const last = LEVELS.length - 1;
  const dfs = async (level: number): Promise<Outcome> => {
    for (const ex of options.get(LEVELS[level]!)!) {
      if (builds >= maxBuilds) return { stop: true };
      choice.set(LEVELS[level]!, ex);
      if (!declaredCompatible(sections, choice, level)) continue;
      if (level === last) {
        const r = await attempt();
        if ('ok' in r) return r;
        if (r.level < level) return { jump: r.level };
        continue;
      }
      const r = await dfs(level + 1);
      if ('ok' in r || 'stop' in r) return r;
      if (r.jump < level) return r;
    }
    return { jump: level - 1 };
  };
  const found = await dfs(0);
  return 'ok' in found ? found.ok : undefined;
}
