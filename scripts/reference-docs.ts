/**
 * Writes the generated reference pages: `docs/reference/config.md` from the io-ts codecs of every registered
 * contribution and `docs/reference/config-plugins.md` for the plugin packages `udm` does not load by default,
 * `docs/reference/cli.md` from the argument parser's help. Run with `npm run docs:config` / `npm run docs:cli`: they read the packages' sources (scripts/tsconfig.json maps each `@udm/name` to
 * packages/name/src), as the tests do. `packages/cli/src/docs/reference-docs.test.ts` fails when a committed page
 * is out of date.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cliReferenceMarkdown,
  configReferenceMarkdown,
  createProgram,
  defaultModules,
  pluginConfigReferenceMarkdown,
} from '@udm/cli';
import { REFERENCE_PLUGINS } from './reference-plugins.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages: Record<string, () => Array<[string, string]>> = {
  config: () => [
    ['docs/reference/config.md', configReferenceMarkdown(defaultModules())],
    [
      'docs/reference/config-plugins.md',
      pluginConfigReferenceMarkdown(defaultModules(), REFERENCE_PLUGINS),
    ],
  ],
  cli: () => [['docs/reference/cli.md', cliReferenceMarkdown(createProgram())]],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in pages));
if (unknown.length > 0) {
  process.stderr.write(
    `reference-docs: unknown page ${unknown.join(', ')} (known: ${Object.keys(pages).join(', ')})\n`,
  );
  process.exit(1);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(pages)) {
  for (const [file, text] of pages[name]!()) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
