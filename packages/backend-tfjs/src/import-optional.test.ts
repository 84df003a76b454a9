import { describe, expect, it } from 'vitest';
import { firstLine, importOptional } from './import-optional.js';

describe('importOptional', () => {
  it('loads an installed package', async () => {
    const r = await importOptional<{ version: { tfjs: string } }>('@tensorflow/tfjs');
    expect(r.ok && r.module.version.tfjs).toMatch(/^4\./);
  });

  it('reports a missing package as "not installed"', async () => {
    expect(await importOptional('@udm/no-such-package-xyz')).toEqual({ ok: false, reason: 'not installed' });
  });

  it('firstLine keeps only the first non-empty line', () => {
    expect(firstLine(new Error('\nfirst\nsecond'))).toBe('first');
    expect(firstLine('plain')).toBe('plain');
  });
});
