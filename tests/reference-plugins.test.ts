import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultModules, pluginConfigReferenceMarkdown } from '@udm/cli';
import { REFERENCE_PLUGINS } from '../scripts/reference-plugins.js';

const file = fileURLToPath(new URL('../docs/reference/config-plugins.md', import.meta.url));

describe('docs/reference/config-plugins.md', () => {
  const text = pluginConfigReferenceMarkdown(defaultModules(), REFERENCE_PLUGINS);

  it('is what the codecs generate (run npm run docs:config after changing a plugin codec)', () => {
    expect(readFileSync(file, 'utf8'), 'out of date: npm run docs:config').toBe(text);
  });

  it('documents the kinds each plugin package adds, with their fields, and only those', () => {
    expect(text).toContain('### `process`: `ot-cfm`');
    expect(text).toContain('### `sample.sampler`: `midpoint`');
    expect(text).toContain('| `coupling` |');
    expect(text).toContain('### `posterior`: `consistency`');
    expect(text).toContain('### `sample.sampler`: `consistency`');
    expect(text).toContain('### `train.objective`: `consistency-training`');
    expect(text).toContain('### `train.objective`: `consistency-distillation`');
    expect(text).not.toContain('### `process`: `vp`');
    const anchors = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const [, id] of text.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(id), id).toBe(true);
  });
});
