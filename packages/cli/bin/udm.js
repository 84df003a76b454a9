#!/usr/bin/env node
// The `udm` bin: committed so that `npm ci` can link node_modules/.bin/udm before anything is built; it loads the
// build (dist/main.js) and says what to do when there is none yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `udm: ${fileURLToPath(main)} is missing: the CLI is not built yet; run \`npm run build\` in the repository root\n`,
  );
  process.exit(1);
}
await import(main.href);
