import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeSpanNames } from './notation/code-span-names.js';
import { exportedNames } from './notation/exported-names.js';

// Every public symbol of every package maps to the paper's notation in docs/notation.md (or to '—' for infrastructure).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const notationFile = join(root, 'docs', 'notation.md');

function packageEntries(): { name: string; entry: string }[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => ({ name, entry: join(packagesDir, name, 'src', 'index.ts') }))
    .filter(({ entry }) => existsSync(entry))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('docs/notation.md', () => {
  it('names every export of packages/*/src/index.ts in a code span', () => {
    const documented = codeSpanNames(readFileSync(notationFile, 'utf8'));
    const packages = packageEntries();
    expect(packages.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['core', 'gaussian', 'cold', 'masked', 'cli']),
    );

    const missing: string[] = [];
    let total = 0;
    for (const { name, entry } of packages) {
      const exported = exportedNames(entry);
      expect(exported.length, `packages/${name}/src/index.ts exports nothing`).toBeGreaterThan(0);
      total += exported.length;
      const absent = exported.filter((symbol) => !documented.has(symbol));
      if (absent.length > 0) missing.push(`  @udm/${name} (${absent.length}): ${absent.join(', ')}`);
    }
    const message =
      `exported names with no \`code span\` in docs/notation.md (add a row | \`name\` | symbol or — | meaning |):\n` +
      missing.join('\n');
    expect(missing, message).toEqual([]);
    expect(total).toBeGreaterThan(0);
  });
});
