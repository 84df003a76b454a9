import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
    // Tests are single-threaded tensor work: use every core (vitest's default leaves one idle, i.e. 1 of 2 in CI).
    poolOptions: { forks: { maxForks: availableParallelism(), minForks: 1 } },
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/test-results.json' },
  },
});
