import { finiteNumber, nonNegativeInt } from '../config/numbers.js';
import { arrayOf, literal, required, struct, withDefault } from '../config/struct.js';
import { contribution } from '../di/contribution.js';
import { ExplicitGrid, LeadingGrid, LinspaceGrid, TrailingGrid } from '../time/grids.js';

export const leadingGrid = contribution({
  kind: 'leading',
  description: 'diffusers "leading" spacing: k·⌊T/n⌋ + stepsOffset (discrete time)',
  codec: struct('leading grid', {
    kind: required(literal('leading')),
    stepsOffset: withDefault(nonNegativeInt, 0),
  }),
  create: (c: { stepsOffset: number }) => new LeadingGrid(c.stepsOffset),
});

export const trailingGrid = contribution({
  kind: 'trailing',
  description: 'diffusers "trailing" spacing: round(T − k·T/n) − 1 (discrete time)',
  codec: struct('trailing grid', { kind: required(literal('trailing')) }),
  create: () => new TrailingGrid(),
});

export const linspaceGrid = contribution({
  kind: 'linspace',
  description: 'evenly spaced times from the noisiest one down',
  codec: struct('linspace grid', { kind: required(literal('linspace')) }),
  create: () => new LinspaceGrid(),
});

export const explicitGrid = contribution({
  kind: 'explicit',
  description: 'an explicit list of times, from the noisiest down',
  codec: struct('explicit grid', {
    kind: required(literal('explicit')),
    timesteps: required(arrayOf(finiteNumber, 1)),
  }),
  create: (c: { timesteps: number[] }) => new ExplicitGrid(c.timesteps),
});
