import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedNames } from './exported-names.js';
import type { SourceHost } from './exported-names.js';

/** Files in memory; `./x.js` resolves to `x.ts`. */
function hostOf(files: Record<string, string>): SourceHost {
  return {
    read(file) {
      const text = files[file];
      if (text === undefined) throw new Error(`no file ${file}`);
      return text;
    },
    resolve: (specifier) => specifier.replace(/^\.\//, '').replace(/\.js$/, '.ts'),
  };
}

describe('exportedNames', () => {
  it('reads multi-line lists, renames, type modifiers and exported declarations', () => {
    const index = `
      export {
        alpha,
        beta as gamma,
        type Delta,
      } from './a.js';
      export type { Epsilon, Zeta as Eta } from './b.js';
      export const theta = 1, { iota, kappa: [lambda] } = obj;
      export function mu() {}
      export class Nu {}
      export interface Xi {}
      export type Omicron = number;
      export enum Pi { A }
      export * as rho from './c.js';
      const hidden = 2;
      import { sigma } from './d.js';
      export { hidden };
    `;
    expect(exportedNames('index.ts', hostOf({ 'index.ts': index }))).toEqual(
      [
        'Delta',
        'Epsilon',
        'Eta',
        'Nu',
        'Omicron',
        'Pi',
        'Xi',
        'alpha',
        'gamma',
        'hidden',
        'iota',
        'lambda',
        'mu',
        'rho',
        'theta',
      ].sort(),
    );
  });

  it('follows export * into the re-exported file, once, without its default', () => {
    const files = {
      'index.ts': `export * from './a.js';\nexport { own } from './own.js';`,
      'a.ts': `export const fromA = 1;\nexport * from './b.js';\nexport * from './index.js';`,
      'b.ts': `export type FromB = string;`,
    };
    expect(exportedNames('index.ts', hostOf(files))).toEqual(['FromB', 'fromA', 'own']);
  });

  it('rejects export default and export = with the file name', () => {
    expect(() => exportedNames('x.ts', hostOf({ 'x.ts': 'export default 1;' }))).toThrow(
      /x\.ts has `export default`/,
    );
    expect(() => exportedNames('x.ts', hostOf({ 'x.ts': 'export default function f() {}' }))).toThrow(
      /x\.ts has `export default`/,
    );
    expect(() => exportedNames('x.ts', hostOf({ 'x.ts': 'export = f;' }))).toThrow(/x\.ts has `export =`/);
  });

  it('rejects export * from a package on the file system, naming the specifier', () => {
    const dir = mkdtempSync(join(tmpdir(), 'udm-exported-names-'));
    try {
      const entry = join(dir, 'index.ts');
      writeFileSync(entry, `export * from './local.js';\n`);
      writeFileSync(join(dir, 'local.ts'), `export const local = 1;\nexport * from '@tensorflow/tfjs';\n`);
      expect(() => exportedNames(entry)).toThrow(
        /local\.ts has `export \* from '@tensorflow\/tfjs'`; re-export a package's names/,
      );
      writeFileSync(join(dir, 'local.ts'), `export const local = 1;\nexport * from './missing.js';\n`);
      expect(() => exportedNames(entry)).toThrow(/cannot find '\.\/missing\.js'/);
      writeFileSync(join(dir, 'local.ts'), `export const local = 1;\n`);
      expect(exportedNames(entry)).toEqual(['local']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
