import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests spawn `tsx packages/cli/src/main.ts` from here). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Writes `dir/tsconfig.json` mapping `@udm/*` to the packages' sources, so a child `tsx` (with
 * `TSX_TSCONFIG_PATH` set to the returned path) runs the CLI without a build. Returns the file's path.
 */
export function writeSourceTsconfig(dir: string): string {
  const file = join(dir, 'tsconfig.json');
  writeFileSync(
    file,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        baseUrl: repoRoot,
        paths: { '@udm/*': ['packages/*/src/index.ts'] },
      },
    }),
  );
  return file;
}
