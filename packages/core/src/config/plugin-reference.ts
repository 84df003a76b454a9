import * as t from 'io-ts';
import { showValue } from './show-value.js';

/**
 * A plugin a config loads (its `plugins` field), as written by the user or as recorded in a run:
 * - `{ package, version? }`: an npm package, imported by name from the node_modules the config is used with;
 *   `version` is the one the run was trained with;
 * - `{ file, sha256? }`: a JavaScript module file, a path relative to the working directory as written, or relative
 *   to the run directory (a copy in `inputs/plugins/`) as recorded, with the SHA-256 of its bytes.
 * A string in the config is shorthand: `./x.js`, `../x.js` or `/abs/x.js` is a file, anything else a package name.
 * Core only validates these; the application that runs the config imports them (and decides what it trusts).
 */
export type PluginReference =
  | { readonly package: string; readonly version?: string }
  | { readonly file: string; readonly sha256?: string };

/** An npm package name (`name` or `@scope/name`: lower case, digits, `-._~`; at most 214 characters). */
export function isPackageName(s: string): boolean {
  return s.length <= 214 && /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/.test(s);
}

/** Whether a plugin string names a file (a path starting `./`, `../` or `/`) rather than a package. */
export function isFileSpecifier(s: string): boolean {
  return s.startsWith('./') || s.startsWith('../') || s.startsWith('/');
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const EXPECTED =
  'an npm package name ("@udm/consistency"), a file path starting ./, ../ or / ("./my-plugin.js"), ' +
  '{ "package": name, "version"?: semver } or { "file": path, "sha256"?: 64 hex digits }';

function plainObject(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function decodeReference(u: unknown): PluginReference | string {
  if (typeof u === 'string') {
    if (u.includes('\0')) return `expected a path without NUL characters, got ${showValue(u)}`;
    if (isFileSpecifier(u)) return { file: u };
    if (isPackageName(u)) return { package: u };
    return `expected ${EXPECTED}, got ${showValue(u)}`;
  }
  if (!plainObject(u)) return `expected ${EXPECTED}, got ${showValue(u)}`;
  const keys = Object.keys(u);
  if ('package' in u) {
    const extra = keys.filter((k) => k !== 'package' && k !== 'version');
    if (extra.length > 0) return `expected { "package", "version"? }, got the unknown key "${extra[0]}"`;
    if (typeof u.package !== 'string' || !isPackageName(u.package))
      return `"package": expected an npm package name, got ${showValue(u.package)}`;
    if (u.version === undefined) return { package: u.package };
    if (typeof u.version !== 'string' || !SEMVER.test(u.version))
      return `"version": expected a semver version such as "1.2.3", got ${showValue(u.version)}`;
    return { package: u.package, version: u.version };
  }
  if ('file' in u) {
    const extra = keys.filter((k) => k !== 'file' && k !== 'sha256');
    if (extra.length > 0) return `expected { "file", "sha256"? }, got the unknown key "${extra[0]}"`;
    if (typeof u.file !== 'string' || u.file.length === 0 || u.file.includes('\0'))
      return `"file": expected a non-empty path, got ${showValue(u.file)}`;
    if (u.sha256 === undefined) return { file: u.file };
    if (typeof u.sha256 !== 'string' || !SHA256.test(u.sha256))
      return `"sha256": expected 64 lower-case hex digits, got ${showValue(u.sha256)}`;
    return { file: u.file, sha256: u.sha256 };
  }
  return `expected ${EXPECTED}, got ${showValue(u)}`;
}

/** One entry of `plugins` (a string is decoded to its object form). */
export const pluginReferenceCodec = new t.Type<PluginReference, PluginReference, unknown>(
  'a plugin (package name or file)',
  (u): u is PluginReference => typeof decodeReference(u) === 'object',
  (u, c) => {
    const r = decodeReference(u);
    return typeof r === 'object' ? t.success(r) : t.failure(u, c, r);
  },
  (a) => a,
);

/** Where a plugin reference is shown to a user: the package name or the file path. */
export function describePluginReference(p: PluginReference): string {
  return 'package' in p ? `package "${p.package}"${p.version ? `@${p.version}` : ''}` : `file "${p.file}"`;
}
