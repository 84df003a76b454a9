import type { ContainerModule } from 'inversify';
import {
  ConfigError,
  configCodecOf,
  createContainer,
  decodeOrThrow,
  Registry,
  registriesOf,
  Udm,
  type DatasetContribution,
  type DataSplit,
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

/**
 * `createUdm(config, modules)` for many configs: one container, and data sets built once per (config, seed) — the
 * data factories are pure, and building MNIST or Moby-Dick for each of thousands of configs would dominate.
 * Everything else (decoding, every other factory, the model's weights) is built anew each call, as createUdm does.
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
  const registries: Registries = { ...base, datasets };
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
const LEVELS = ['data', 'process', 'network', 'posterior', 'sample.step'] as const;

/** The level a failure is blamed on; a failure that is not a ConfigError (e.g. in `accept`) may be anyone's. */
function levelOf(error: unknown): number {
  if (!(error instanceof ConfigError)) return LEVELS.length;
  const issue = error.issues[0] ?? '';
  const path = issue.slice(0, issue.indexOf(':'));
  const within = (p: string) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`);
  if (within('sample.steps') || within('sample.grid')) return LEVELS.indexOf('process');
  for (let i = LEVELS.length - 1; i >= 0; i--) if (within(LEVELS[i]!)) return i;
  return -1;
}

export interface Buildable {
  readonly config: Record<string, unknown>;
  /** Wall time of one successful `createUdm` + `dispose`, in ms. */
  readonly buildMs: number;
}

/**
 * A failure message that names what it needs, by the plugins' convention `(process.kind "cold")`: the section and
 * kind to try instead.
 */
function hintOf(error: unknown): Array<{ section: string; kind: string }> {
  if (!(error instanceof ConfigError)) return [];
  return [...error.issues.join('\n').matchAll(/([\w.]+)\.kind "([^"]+)"/g)].map((m) => ({
    section: m[1]!,
    kind: m[2]!,
  }));
}

class Restart extends Error {}

/**
 * Finds a config that builds with `section` set to `kind`, choosing the other parts among the registered kinds:
 * depth-first in build order, pruning a choice as soon as a build failure is blamed on it, and following hints in
 * failure messages (`needs a cold process (process.kind "cold")`). `accept` may demand more than building (e.g. one
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
  const forced = new Map<string, string>([[fixed.section, fixed.kind]]);
  let builds = 0;
  for (;;) {
    const options = new Map<string, Example[]>();
    for (const s of sections) {
      const only = forced.get(s.path);
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
        const hint = hintOf(e).find(
          (h) => !forced.has(h.section) && options.get(h.section)?.some((x) => x.value['kind'] === h.kind),
        );
        if (hint) {
          forced.set(hint.section, hint.kind);
          throw new Restart();
        }
        return { level: levelOf(e) };
      } finally {
        udm?.dispose();
      }
    };
    const dfs = async (level: number): Promise<Buildable | undefined> => {
      const path = LEVELS[level]!;
      for (const ex of options.get(path)!) {
        if (builds >= maxBuilds) return undefined;
        choice.set(path, ex);
        for (const later of LEVELS.slice(level + 1)) choice.set(later, options.get(later)![0]!);
        const r = await attempt();
        if ('ok' in r) return r.ok;
        if (r.level > level && level + 1 < LEVELS.length) {
          const deeper = await dfs(level + 1);
          if (deeper) return deeper;
        }
      }
      return undefined;
    };
    try {
      return await dfs(0);
    } catch (e) {
      if (!(e instanceof Restart)) throw e;
    }
  }
}
