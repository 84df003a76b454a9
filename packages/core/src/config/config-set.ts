/** One `--set key.path=value` override: the path into the config and the value (JSON when it parses, else text). */
export interface ConfigSet {
  readonly path: readonly string[];
  readonly value: unknown;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `key.path=value` (the text of one `--set`): the value is read as JSON when it parses (`500`, `true`,
 * `[64,64]`, `{"kind":"ddim","eta":0.5}`, `"text"`), otherwise taken as a string (`trailing`).
 */
export function parseConfigSet(text: string): ConfigSet {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--set ${text}: expected key.path=value, e.g. train.steps=500`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const path = key.split('.');
  const bad = path.find((p) => p.length === 0 || FORBIDDEN.has(p));
  if (bad !== undefined)
    throw new Error(
      `--set ${text}: "${key}" is not a config path (segments separated by dots, none empty or ${[...FORBIDDEN].join('/')})`,
    );
  let value: unknown = raw;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    // not JSON: a plain string such as `trailing`
  }
  return { path, value };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setAt(node: unknown, path: readonly string[], value: unknown, done: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const here = [...done, head].join('.');
  if (Array.isArray(node)) {
    const i = Number(head);
    if (!Number.isSafeInteger(i) || i < 0 || i >= node.length)
      throw new Error(
        `--set ${here}: ${done.join('.')} is a list of ${node.length}; expected an index 0…${node.length - 1}`,
      );
    const copy = [...node];
    copy[i] = setAt(node[i], rest, value, [...done, head]);
    return copy;
  }
  if (node !== undefined && !isRecord(node))
    throw new Error(
      `--set ${here}: ${done.join('.') || 'the config'} is ${JSON.stringify(node)}, not an object`,
    );
  const obj = node ?? {};
  return { ...obj, [head]: setAt(obj[head], rest, value, [...done, head]) };
}

/**
 * A copy of a raw config with each `--set` applied in order (missing objects on the way are created; the input is not
 * changed). The result is validated by the same codecs as a config file, so a bad value is an error naming its path.
 */
export function applyConfigSets(
  config: unknown,
  sets: readonly (ConfigSet | string)[],
): Record<string, unknown> {
  if (!isRecord(config)) throw new TypeError(`config: expected an object, got ${JSON.stringify(config)}`);
  let out: Record<string, unknown> = config;
  for (const s of sets) {
    const { path, value } = typeof s === 'string' ? parseConfigSet(s) : s;
    out = setAt(out, path, value, []) as Record<string, unknown>;
  }
  return out;
}
