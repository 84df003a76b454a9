import { describe, expect, it } from 'vitest';
import { DivergenceError } from '../training/divergence-error.js';
import { ConfigError } from './config-error.js';

// A plugin may bring its own copy of @udm/core: its errors must still be recognised by `instanceof` in the CLI.
describe('core errors are recognised across copies of @udm/core', () => {
  it('a ConfigError and a DivergenceError of a second module instance pass instanceof', async () => {
    // `?copy` makes the bundler load the files again: separate classes, as a second installed copy would be
    // (a variable specifier: the query is the bundler's, not a module TypeScript knows)
    const copy = (path: string): Promise<unknown> => import(/* @vite-ignore */ `${path}?copy`);
    const other = (await copy('./config-error.js')) as typeof import('./config-error.js');
    const otherDivergence = (await copy(
      '../training/divergence-error.js',
    )) as typeof import('../training/divergence-error.js');
    expect(other.ConfigError).not.toBe(ConfigError);
    const foreign = new other.ConfigError(['data.n: expected a positive integer']);
    expect(foreign instanceof ConfigError).toBe(true);
    expect(new ConfigError(['x']) instanceof other.ConfigError).toBe(true);
    expect(new otherDivergence.DivergenceError(3, 'loss', NaN) instanceof DivergenceError).toBe(true);
  });

  it('other errors and values are not', () => {
    expect(new Error('invalid config: x') instanceof ConfigError).toBe(false);
    expect(new DivergenceError(1, 'loss', NaN) instanceof ConfigError).toBe(false);
    expect(new ConfigError(['x']) instanceof DivergenceError).toBe(false);
    expect(([null, undefined, 'ConfigError', {}] as unknown[]).some((v) => v instanceof ConfigError)).toBe(
      false,
    );
    expect(new ConfigError(['x']) instanceof Error).toBe(true);
    class Sub extends ConfigError {}
    expect(new ConfigError(['x']) instanceof Sub).toBe(false);
    expect(new Sub(['x']) instanceof Sub).toBe(true);
    expect(new Sub(['x']) instanceof ConfigError).toBe(true);
  });
});
