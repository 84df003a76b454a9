import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultModules } from '@udm/cli';
import { resolveConfig } from '@udm/core';
import { defaultConfig } from '../src/run-mnist-cold-blur.js';

const dir = new URL('../configs/', import.meta.url);

/** The README's other degradations: each config is valid and differs from config.json only in the process. */
describe('configs/*.json', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it.each(files)('%s', (file) => {
    const config = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
    const resolved = resolveConfig(config, defaultModules());
    expect(resolved.process.kind).toBe('cold');
    const { process: _p, ...rest } = config;
    const { process: _q, ...base } = defaultConfig();
    expect(rest).toEqual(base);
  });
  it('covers inpainting, fading and the exponential blur', () => {
    expect(files.sort()).toEqual(['exponential-blur.json', 'fade.json', 'inpaint.json']);
  });
});
