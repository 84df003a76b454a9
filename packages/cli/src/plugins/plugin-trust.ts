import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';

/**
 * The plugins this user has chosen to run (docs/trust-model.md): every plugin file (by the SHA-256 of its bytes)
 * and package (by name) a config of theirs or a `--plugin` flag loaded is added here, and a run's recorded plugin is
 * loaded with no flag only when it is here (or, for a package, when it declares itself a UDM plugin). A run
 * directory someone else wrote therefore cannot make `udm` run code its user never ran.
 *
 * One entry a line (`sha256:<hex>` or `package:<name>`, then `# where it came from`), in `$UDM_TRUSTED_PLUGINS`,
 * else `$XDG_CONFIG_HOME/udm/trusted-plugins`, else `~/.config/udm/trusted-plugins`.
 */
export class PluginTrust {
  constructor(readonly file: string = defaultTrustFile()) {}

  /** Trusts an entry for the rest of this process only (a file the user passed with `--plugin` themselves). */
  static forThisProcess(entry: string): void {
    sessionTrust.add(entry);
  }

  private entries(): Set<string> {
    if (!existsSync(this.file)) return new Set();
    const lines = readFileSync(this.file, 'utf8').split('\n');
    return new Set(lines.map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== ''));
  }

  has(entry: string): boolean {
    return sessionTrust.has(entry) || this.entries().has(entry);
  }

  /** Adds entries (with where each came from), rewriting the file atomically; entries already there are kept once. */
  async add(entries: ReadonlyArray<{ readonly entry: string; readonly from: string }>): Promise<void> {
    const known = this.entries();
    const fresh = entries.filter((e) => !known.has(e.entry));
    if (fresh.length === 0) return;
    const before = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const lines = fresh.map((e) => `${e.entry} # ${e.from.replace(/[\r\n]/g, ' ')}`);
    mkdirSync(dirname(this.file), { recursive: true });
    await writeFileAtomic(
      this.file,
      `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`,
    );
  }
}

const sessionTrust = new Set<string>();

export function defaultTrustFile(): string {
  const explicit = process.env['UDM_TRUSTED_PLUGINS'];
  if (explicit) return explicit;
  const config = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(config, 'udm', 'trusted-plugins');
}

export const fileTrustEntry = (sha256: string): string => `sha256:${sha256}`;
export const packageTrustEntry = (name: string): string => `package:${name}`;
