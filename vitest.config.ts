import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests run against the packages' sources: `@udm/<name>` resolves to packages/<name>/src/index.ts.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
// A subpath entry `@udm/<name>/<entry>` (e.g. `@udm/backend-tfjs/browser`) resolves to packages/<name>/src/<entry>.ts.
const alias = [
  { find: /^@udm\/([^/]+)\/([^/]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
  ...readdirSync(packagesDir).map((name) => ({
    find: `@udm/${name}`,
    replacement: `${packagesDir}${name}/src/index.ts`,
  })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default worker count (cores − 1) leaves the main process a core: with every core busy, a loaded
    // machine starved it and a worker's RPC timed out ("Timeout calling onTaskUpdate").
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/test-results.json' },
  },
});
