import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests run against the packages' sources: `@udm/<name>` resolves to packages/<name>/src/index.ts.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const alias = Object.fromEntries(
  readdirSync(packagesDir).map((name) => [`@udm/${name}`, `${packagesDir}${name}/src/index.ts`]),
);

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
