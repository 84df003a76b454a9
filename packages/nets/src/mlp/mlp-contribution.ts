import {
  arrayOf,
  ConfigError,
  contribution,
  literal,
  nonNegativeInt,
  positiveInt,
  layerWidth,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { NetworkDeps } from '@udm/core';
import { Mlp } from './mlp.js';

export const mlpNetwork = contribution({
  kind: 'mlp',
  description: 'MLP with a sinusoidal time embedding (toy and low-dimensional data)',
  codec: struct('mlp network', {
    kind: required(literal('mlp')),
    hidden: withDefault(arrayOf(layerWidth, 1), [128, 128, 128]),
    timeEmbedding: withDefault(positiveInt, 32),
    /** > 0: class-conditional with a label embedding of this size (needs labelled data); 0: unconditional. */
    labelEmbedding: withDefault(nonNegativeInt, 0),
  }),
  create: (c, deps: NetworkDeps) => {
    if (c.labelEmbedding > 0 && !deps.classes) {
      throw new ConfigError([
        'network.labelEmbedding: a class-conditional MLP needs a data set with class labels',
      ]);
    }
    return new Mlp(
      {
        itemShape: deps.itemShape,
        hidden: c.hidden,
        timeEmbedding: c.timeEmbedding,
        ...(c.labelEmbedding > 0 ? { labels: { classes: deps.classes!, embedding: c.labelEmbedding } } : {}),
        ...(deps.outputShape ? { outputShape: deps.outputShape } : {}),
      },
      deps.rng,
    );
  },
});
