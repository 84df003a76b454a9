import { contribution, literal, numberIn, optional, required, struct, withDefault } from '@udm/core';
import type { TimeGrid } from '@udm/core';
import { KarrasGrid } from './karras-grid.js';

const positive = numberIn(0, Infinity, { lo: true });

export const karrasGrid = contribution({
  kind: 'karras',
  description:
    'Karras σ grid (ρ = 7) in the time of a Gaussian process; σ range from the process unless given',
  codec: struct('karras grid', {
    kind: required(literal('karras')),
    sigmaMin: optional(positive),
    sigmaMax: optional(positive),
    rho: withDefault(positive, 7),
  }),
  create: (c): TimeGrid =>
    new KarrasGrid({
      rho: c.rho,
      ...(c.sigmaMin !== undefined ? { sigmaMin: c.sigmaMin } : {}),
      ...(c.sigmaMax !== undefined ? { sigmaMax: c.sigmaMax } : {}),
    }),
});
