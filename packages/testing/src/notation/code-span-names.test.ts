import { describe, expect, it } from 'vitest';
import { codeSpanNames } from './code-span-names.js';

describe('codeSpanNames', () => {
  it('takes the identifiers inside code spans, not member names or plain text', () => {
    const names = codeSpanNames(
      '| `createUdm(config, modules)`, `Udm` | plain Text | `VpProcess.alphaBar(t)` and ``a `b` c`` |',
    );
    expect([...names].sort()).toEqual([
      'Udm',
      'VpProcess',
      'a',
      'b',
      'c',
      'config',
      'createUdm',
      'modules',
      't',
    ]);
    expect(names.has('Text')).toBe(false);
    expect(names.has('alphaBar')).toBe(false);
  });
});
