import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configCodecOf, createContainer, decodeOrThrow, registriesOf } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import {
  composer,
  configOf,
  exampleOf,
  findBuildable,
  sectionsOf,
  setPath,
  type Buildable,
  type Example,
  type Section,
} from './buildable.js';

/**
 * Property-based config fuzzing over every kind the default modules register (new plugins are picked up from the
 * registries): malformed configs must be rejected with a ConfigError whose every line starts with the config path
 * of the problem — never another exception, never a crash — and configs that decode must build or fail the same
 * way (factory preconditions surface as ConfigErrors naming their section).
 */
const CODEC_RUNS_PER_KIND = 400;
const TOP_LEVEL_RUNS = 2000;
/** Wall-time budget of the factory fuzz per kind (numRuns = budget / build time, within [4, 100]). */
const BUILD_BUDGET_MS = 250;

const modules = defaultModules();
const registries = registriesOf(createContainer(modules));
const sections = sectionsOf(registries);
const codec = configCodecOf(registries);
const kinds = sections.flatMap((section) => section.registry.entries.map((e) => ({ section, kind: e.kind })));
const allKindNames = [...new Set(kinds.map((k) => k.kind))];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Path = ReadonlyArray<string | number>;
type Mutation =
  | { readonly op: 'set'; readonly path: Path; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: Path }
  | { readonly op: 'addKey'; readonly path: Path; readonly key: string; readonly value: unknown };

/** Every node of a JSON tree (objects, arrays and leaves), as paths from the root. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function nodeAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)?.[k], root);
}

/** Applies a mutation to a JSON tree in place (own properties only, as JSON.parse would create them). */
function apply(root: { value: unknown }, m: Mutation): void {
  const full: Path = ['value', ...m.path];
  const parent = nodeAt(root, full.slice(0, -1));
  const last = full[full.length - 1]!;
  if (typeof parent !== 'object' || parent === null) return;
  // Paths come from the unmutated tree: after an earlier mutation they may no longer fit; then nothing happens.
  if (Array.isArray(parent)) {
    if (typeof last !== 'number' || last > parent.length) return;
    if (m.op === 'delete') parent.splice(last, 1);
    else if (m.op === 'set') parent[last] = m.value;
    else parent[last] = { [m.key]: m.value };
    return;
  }
  const obj = parent as Record<string | number, unknown>;
  const own = (o: Record<string | number, unknown>, k: string | number, v: unknown): void => {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  };
  if (m.op === 'delete') delete obj[last];
  else if (m.op === 'set') own(obj, last, m.value);
  else {
    const target = obj[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      own(target as Record<string, unknown>, m.key, m.value);
    else own(obj, last, { [m.key]: m.value });
  }
}

/** The top-level key a mutation touches (where its errors must be reported). */
function rootOf(m: Mutation): string {
  const first = m.path[0];
  return first !== undefined ? String(first) : m.op === 'addKey' ? m.key : '';
}

const keyArb = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'kind', 'valueOf'),
);

function badValue(huge: boolean): fc.Arbitrary<unknown> {
  const big = huge ? [2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_VALUE] : [];
  return fc.oneof(
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1, 0.5, 1.5, 2, 3, 7, 5e-324, ...big),
    huge ? fc.double() : fc.double({ min: -5000, max: 5000 }),
    huge ? fc.integer() : fc.integer({ min: -100, max: 2000 }),
    fc.constantFrom('', ' ', '1', 'NaN', 'Infinity', 'true', '__proto__', 'constructor', ...allKindNames),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.constantFrom({}, []),
    fc.array(
      fc.oneof(fc.integer({ min: -3, max: huge ? 10 ** 9 : 64 }), fc.double(), fc.string({ maxLength: 3 })),
      {
        maxLength: 4,
      },
    ),
    fc.dictionary(keyArb, fc.integer(), { maxKeys: 2 }),
  );
}

function mutations(paths: readonly Path[], huge: boolean): fc.Arbitrary<Mutation[]> {
  const one = fc.oneof(
    fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...paths), value: badValue(huge) }),
    fc.record({
      op: fc.constant('delete' as const),
      path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
    }),
    fc.record({
      op: fc.constant('addKey' as const),
      path: fc.constantFrom(...paths),
      key: keyArb,
      value: badValue(huge),
    }),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/**
 * Decodes a mutated config: Right → the config; otherwise the ConfigError is checked line by line: each issue starts
 * with a path inside one of `roots` (any path when `roots` is undefined), then `: ` and a message.
 */
function expectPathNamedOrValid(raw: unknown, roots: readonly string[] | undefined): 'valid' | 'rejected' {
  try {
    const resolved = decodeOrThrow(codec, raw);
    // Decoding is idempotent: the resolved config is itself valid and resolves to itself.
    expect(decodeOrThrow(codec, structuredClone(resolved))).toEqual(resolved);
    return 'valid';
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) {
      const named =
        !roots ||
        roots.some(
          (r) => issue.startsWith(`${r}: `) || issue.startsWith(`${r}.`) || issue.startsWith(`${r}[`),
        );
      if (!named)
        throw new Error(`issue "${issue}" does not start with the mutated path (${roots!.join(', ')})`);
      expect(issue).toMatch(/^[^\s]+: \S/);
    }
    return 'rejected';
  }
}

function baseChoice(section: Section, example: Example): Map<string, Example> {
  const choice = new Map<string, Example>();
  for (const s of sections) choice.set(s.path, exampleOf(s, s.registry.entries[0]!.kind)!);
  choice.set(section.path, example);
  return choice;
}

describe('config fuzzing: decoding', () => {
  it('every registered kind has an example config (EXAMPLES in buildable.ts lists those with required fields)', () => {
    const missing = kinds
      .filter(({ section, kind }) => !exampleOf(section, kind))
      .map((k) => `${k.section.path}/${k.kind}`);
    expect(missing, 'add these to EXAMPLES').toEqual([]);
    expect(kinds.length).toBeGreaterThanOrEqual(15);
  });

  it(`${CODEC_RUNS_PER_KIND} malformed configs per registered kind: each valid, or a ConfigError naming the mutated path`, async () => {
    let total = 0;
    let rejected = 0;
    for (const { section, kind } of kinds) {
      const raw = configOf(baseChoice(section, exampleOf(section, kind)!));
      // Mutate the resolved section, so defaulted fields are mutated too.
      const resolved = decodeOrThrow(codec, raw) as unknown as Record<string, unknown>;
      const sectionValue = nodeAt(resolved, section.path.split('.'));
      setPath(raw, section.path, structuredClone(sectionValue));
      const prefix = section.path.split('.');
      const paths = pathsOf(sectionValue).map((p) => [...prefix, ...p]);
      fc.assert(
        fc.property(mutations(paths, true), (ms) => {
          const root = { value: structuredClone(raw) as unknown };
          for (const m of ms) apply(root, m);
          total++;
          // Errors must be reported inside the mutated section (its path), e.g. process.schedule.betaEnd.
          if (expectPathNamedOrValid(root.value, [section.path, prefix[0]!]) === 'rejected') rejected++;
        }),
        { numRuns: CODEC_RUNS_PER_KIND, seed: 1 },
      );
      await new Promise((resolve) => setImmediate(resolve)); // let vitest's worker talk to the runner
    }
    expect(total).toBe(kinds.length * CODEC_RUNS_PER_KIND);
    expect(rejected / total).toBeGreaterThan(0.7);
    console.info(`config fuzz (decoding): ${total} configs over ${kinds.length} kinds, ${rejected} rejected`);
  });

  it(`${TOP_LEVEL_RUNS} mutations anywhere in a whole config (seed, train, sample, unknown sections, wrong kinds)`, () => {
    const raw = configOf(
      baseChoice(sections[0]!, exampleOf(sections[0]!, sections[0]!.registry.entries[0]!.kind)!),
    );
    const resolved = JSON.parse(JSON.stringify(decodeOrThrow(codec, raw))) as Record<string, unknown>;
    const paths = pathsOf(resolved);
    let rejected = 0;
    fc.assert(
      fc.property(mutations(paths, true), (ms) => {
        const root = { value: structuredClone(resolved) as unknown };
        for (const m of ms) apply(root, m);
        // A mutation that replaces the root itself may be reported anywhere.
        const roots = ms.some((m) => m.path.length === 0 && m.op === 'set') ? undefined : ms.map(rootOf);
        if (expectPathNamedOrValid(root.value, roots) === 'rejected') rejected++;
      }),
      { numRuns: TOP_LEVEL_RUNS, seed: 2 },
    );
    expect(rejected).toBeGreaterThan(TOP_LEVEL_RUNS / 2);
  });

  it('non-object configs and sections are rejected at their path', () => {
    for (const raw of [null, 3, 'config', [], true]) {
      expect(() => decodeOrThrow(codec, raw)).toThrow(
        /^invalid config: \(root\): expected udm config \(an object\)/,
      );
    }
    for (const { path } of sections) {
      const raw = configOf(
        baseChoice(sections[0]!, exampleOf(sections[0]!, sections[0]!.registry.entries[0]!.kind)!),
      );
      setPath(raw, path, 'nope');
      expect(() => decodeOrThrow(codec, raw)).toThrow(
        new RegExp(`${path.replace('.', '\\.')}: expected an object with a "kind" field`),
      );
    }
  });
});

describe('config fuzzing: factories', () => {
  it('mutated configs (moderate values) either build or fail with a ConfigError naming a config section', async () => {
    const roots = /^(\$schema|seed|data|process|network|posterior|train|sample)([.[]|: )/;
    const report: string[] = [];
    const unbuildable: string[] = [];
    // createUdm's steps (decode, then every factory), with data sets built once per config (see `composer`).
    const compose = composer(modules);
    let total = 0;
    for (const { section, kind } of kinds) {
      const found: Buildable | undefined = await findBuildable(
        modules,
        { section: section.path, kind },
        undefined,
        compose,
      );
      if (!found) {
        unbuildable.push(`${section.path}/${kind}`);
        continue;
      }
      const resolved = JSON.parse(JSON.stringify(decodeOrThrow(codec, found.config))) as Record<
        string,
        unknown
      >;
      const prefix = section.path.split('.');
      const paths = pathsOf(nodeAt(resolved, prefix)).map((p) => [...prefix, ...p]);
      // The search's build included first-time costs (data loading); time a warm one.
      const began = performance.now();
      compose(found.config).dispose();
      const buildMs = performance.now() - began;
      const numRuns = Math.max(4, Math.min(100, Math.round(BUILD_BUDGET_MS / Math.max(buildMs, 0.1))));
      let built = 0;
      await fc.assert(
        fc.asyncProperty(mutations(paths, false), async (ms) => {
          const root = { value: structuredClone(resolved) as unknown };
          for (const m of ms) apply(root, m);
          total++;
          try {
            compose(root.value).dispose();
            built++;
          } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            for (const issue of e.issues)
              if (!roots.test(issue)) throw new Error(`issue "${issue}" names no config path`);
          }
        }),
        { numRuns, seed: 3 },
      );
      await new Promise((resolve) => setImmediate(resolve));
      report.push(`${section.path}/${kind}: ${numRuns} (${built} built)`);
    }
    expect(total).toBeGreaterThan(10 * (kinds.length - unbuildable.length));
    console.info(`config fuzz (factories): ${total} configs built or rejected\n  ${report.join('\n  ')}`);
    if (unbuildable.length > 0)
      console.info(
        `no buildable combination with the default modules (fuzzed at decoding only): ${unbuildable.join(', ')}`,
      );
  });
});

describe('numeric preconditions are ConfigErrors naming the field', () => {
  const base = () =>
    ({
      seed: 1,
      data: { kind: 'two-moons', n: 64, heldOut: 16 },
      process: { kind: 'vp', T: 100 },
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
      posterior: { kind: 'epsilon' },
      sample: { step: { kind: 'ddim' }, steps: 10, count: 4 },
    }) as Record<string, unknown>;
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['sampler steps ≤ T', { 'process.T': 5 }, /^sample\.steps: .*at most T = 5/],
    [
      'β in (0, 1)',
      { 'process.schedule': { kind: 'linear', betaEnd: 1 } },
      /^process\.schedule\.betaEnd: expected a number in \(0, 1\), got 1$/,
    ],
    [
      'β > 0',
      { 'process.schedule': { kind: 'linear', betaStart: 0 } },
      /^process\.schedule\.betaStart: expected a number in \(0, 1\), got 0$/,
    ],
    [
      'βstart ≤ βend (ᾱ decreasing)',
      { 'process.schedule': { kind: 'linear', betaStart: 0.5, betaEnd: 0.1 } },
      /^process[.:].*betaStart.*betaEnd/,
    ],
    [
      'monotone ᾱ table',
      {
        'process.T': 3,
        'sample.steps': 3,
        'process.schedule': { kind: 'alphas_cumprod', values: [0.9, 0.95, 0.5] },
      },
      /^process[.:].*(non-increasing|monoton)/,
    ],
    [
      'η in [0, 1]',
      { 'sample.step': { kind: 'ddim', eta: 1.5 } },
      /^sample\.step\.eta: expected a number in \[0, 1\], got 1\.5$/,
    ],
    ['η not NaN', { 'sample.step': { kind: 'ddim', eta: NaN } }, /^sample\.step\.eta: .*got NaN$/],
    ['even time embedding', { 'network.timeEmbedding': 3 }, /^network[.:].*timeEmbedding.*3/],
    [
      'hidden widths positive',
      { 'network.hidden': [8, 0] },
      /^network\.hidden\[1\]: expected an integer in \[1, 16384\], got 0$/,
    ],
    [
      'leading grid offset inside T',
      { 'sample.grid': { kind: 'leading', stepsOffset: 95 } },
      /^sample\.steps: .*stepsOffset/,
    ],
    [
      'explicit grid decreasing',
      { 'sample.grid': { kind: 'explicit', timesteps: [5, 50] }, 'sample.steps': 2 },
      /^sample\.steps: .*strictly decreasing/,
    ],
    [
      'explicit grid inside the time domain',
      { 'sample.grid': { kind: 'explicit', timesteps: [500] }, 'sample.steps': 1 },
      /^sample\.steps: .*timesteps\[0\]/,
    ],
    [
      'explicit grid length = steps',
      { 'sample.grid': { kind: 'explicit', timesteps: [50, 5] } },
      /^sample\.steps: .*expected 2/,
    ],
    ['EMA decay < 1', { 'train.ema': 1 }, /^train\.ema: expected a number in \[0, 1\), got 1$/],
    [
      'learning rate > 0',
      { 'train.optimizer': { kind: 'adam', learningRate: 0 } },
      /^train\.optimizer\.learningRate: .*got 0$/,
    ],
    ['gradient clip > 0', { 'train.gradClipNorm': -1 }, /^train\.gradClipNorm: .*got -1$/],
    ['data noise in range', { 'data.noise': 2 }, /^data\.noise: expected a number in \[0, 1\], got 2$/],
  ];
  const compose = composer(modules);
  for (const [label, patch, message] of cases) {
    it(label, () => {
      const config = base();
      for (const [path, value] of Object.entries(patch)) setPath(config, path, value);
      let error: unknown;
      try {
        compose(config).dispose();
      } catch (e) {
        error = e;
      }
      expect(error, 'expected a ConfigError').toBeInstanceOf(ConfigError);
      expect(
        (error as ConfigError).issues.some((i) => message.test(i)),
        (error as ConfigError).message,
      ).toBe(true);
    });
  }

  it('the base config of these cases builds', () => {
    expect(() => compose(base()).dispose()).not.toThrow();
  });

  it('a posterior, network or step that does not fit the process is a ConfigError of its own section', () => {
    for (const section of sections.filter((s) => ['posterior', 'network', 'sample.step'].includes(s.path))) {
      for (const { kind } of section.registry.entries) {
        const config = base();
        setPath(config, section.path, exampleOf(section, kind)!.value);
        try {
          compose(config).dispose();
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          for (const issue of (e as ConfigError).issues)
            expect(issue).toMatch(new RegExp(`^${section.path.replace('.', '\\.')}[.:]`));
        }
      }
    }
  });
});
