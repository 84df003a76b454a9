import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultModules } from '../api/default-modules.js';
import { createProgram } from '../program.js';
import { cliReferenceMarkdown } from './cli-reference.js';
import { configReferenceMarkdown } from './config-reference.js';

const docs = fileURLToPath(new URL('../../../../docs/reference/', import.meta.url));

function committed(name: string): string {
  const file = `${docs}${name}`;
  expect(existsSync(file), `${file} is missing: run npm run docs:${name.replace('.md', '')}`).toBe(true);
  return readFileSync(file, 'utf8');
}

describe('generated reference docs', () => {
  it('docs/reference/config.md is what the codecs generate (run npm run docs:config after changing a codec)', () => {
    const text = configReferenceMarkdown(defaultModules());
    expect(committed('config.md'), 'docs/reference/config.md is out of date: npm run docs:config').toBe(text);
  });

  it('docs/reference/cli.md is what the parser generates (run npm run docs:cli after changing a command)', () => {
    const text = cliReferenceMarkdown(createProgram());
    expect(committed('cli.md'), 'docs/reference/cli.md is out of date: npm run docs:cli').toBe(text);
  });

  it('the config reference covers every extension point, kinds, defaults and nested kind choices', () => {
    const text = configReferenceMarkdown(defaultModules());
    for (const s of [
      '## The run config',
      '| `seed` |',
      '| `train.batchSize` | a positive integer | `256` |',
    ]) {
      expect(text).toContain(s);
    }
    for (const point of [
      'data',
      'process',
      'network',
      'posterior',
      'sample.step',
      'sample.grid',
      'train.optimizer',
    ])
      expect(text).toContain(`## \`${point}\``);
    expect(text).toContain('### `process`: `vp`');
    expect(text).toContain('### `data`: `two-moons`');
    // the evaluators of udm eval, which no config section lists
    expect(text).toContain('## Evaluators (`udm eval --only <name>`)');
    expect(text).toContain('| `pf-ode-likelihood` |');
    // every link points at an anchor of the page
    const anchors = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const [, id] of text.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(id), id).toBe(true);
  });
});
