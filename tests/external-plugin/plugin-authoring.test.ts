/**
 * docs/plugin-authoring.md shows the external plugin project's files verbatim: every fenced block after a
 * `<!-- snippet: PATH -->` line must equal the file at PATH (repository-relative). The files themselves are
 * compiled and run by external-plugin.test.ts, so the page's code cannot drift from code that works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './external-project.js';

const page = readFileSync(join(repoRoot, 'docs', 'plugin-authoring.md'), 'utf8');
const snippets = [...page.matchAll(/<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({
  path: m[1]!,
  text: m[2]!,
}));

describe('docs/plugin-authoring.md', () => {
  it('has its snippets', () => {
    expect(snippets.map((s) => s.path)).toEqual(
      expect.arrayContaining([
        'tests/external-plugin/project/package.json',
        'tests/external-plugin/project/src/sigmoid-schedule.ts',
        'examples/custom-plugin/src/ve-plugin.ts',
      ]),
    );
  });

  it.each(snippets.map((s) => [s.path, s.text] as const))('shows %s verbatim', (path, text) => {
    expect(text, `${path} changed: copy it into docs/plugin-authoring.md`).toBe(
      readFileSync(join(repoRoot, path), 'utf8'),
    );
  });
});
