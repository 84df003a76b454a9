import { arrayOf, contribution, literal, positiveInt, required, struct, withDefault } from '@udm/core';
import type { NetworkDeps } from '@udm/core';
import { Mlp } from './mlp.js';

export const mlpNetwork = contribution({
  kind: 'mlp',
  description: 'MLP with a sinusoidal time embedding (toy and low-dimensional data)',
  codec: struct('mlp network', {
    kind: required(literal('mlp')),
    hidden: withDefault(arrayOf(positiveInt, 1), [128, 128, 128]),
    timeEmbedding: withDefault(positiveInt, 32),
  }),
  create: (c, deps: NetworkDeps) =>
    new Mlp({ itemShape: deps.itemShape, hidden: c.hidden, timeEmbedding: c.timeEmbedding }, deps.rng),
});
