import { defineConfig, type Options } from 'tsup';

/** The build every package shares: ESM for Node 20 with declarations and source maps; `extra` adds or overrides. */
export function packageConfig(extra: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...extra,
  });
}
