import {
  booleanCodec,
  ConfigError,
  contribution,
  literal,
  numberIn,
  positiveInt,
  required,
  struct,
  withDefault,
  type NetworkDeps,
} from '@udm/core';
import { Transformer } from './transformer.js';

export const transformerNetwork = contribution({
  kind: 'transformer',
  description: 'bidirectional transformer over token ids [L] → logits [L, V] (masked text diffusion)',
  codec: struct('transformer network', {
    kind: required(literal('transformer')),
    dModel: withDefault(positiveInt, 128),
    heads: withDefault(positiveInt, 4),
    layers: withDefault(positiveInt, 4),
    mlpRatio: withDefault(positiveInt, 4),
    timeConditioning: withDefault(booleanCodec, false),
    rotary: withDefault(booleanCodec, true),
    dropout: withDefault(numberIn(0, 1, { hi: true }), 0),
  }),
  create: (c, deps: NetworkDeps) => {
    if (deps.categories === undefined || deps.itemShape.length !== 1) {
      throw new ConfigError([
        `network.kind: "transformer" needs token data (item shape [L] and a vocabulary size \`categories\`), ` +
          `got item shape [${deps.itemShape.join(', ')}]${deps.categories === undefined ? ' without categories' : ''}`,
      ]);
    }
    return new Transformer(
      {
        length: deps.itemShape[0]!,
        categories: deps.categories,
        dModel: c.dModel,
        heads: c.heads,
        layers: c.layers,
        mlpRatio: c.mlpRatio,
        timeConditioning: c.timeConditioning,
        rotary: c.rotary,
        dropout: c.dropout,
      },
      deps.rng,
    );
  },
});
