import {
  arrayOf,
  booleanCodec,
  ConfigError,
  contribution,
  literal,
  positiveInt,
  layerWidth,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { NetworkDeps } from '@udm/core';
import { UNet } from './unet.js';

export const unetNetwork = contribution({
  kind: 'unet',
  description:
    'image U-Net (NHWC) with residual blocks, GroupNorm and a time embedding; optionally class-conditional',
  codec: struct('unet network', {
    kind: required(literal('unet')),
    channels: withDefault(arrayOf(layerWidth, 1), [32, 64, 64]),
    resBlocks: withDefault(positiveInt, 1),
    timeEmbedding: withDefault(positiveInt, 32),
    groups: withDefault(positiveInt, 8),
    classConditional: withDefault(booleanCodec, false),
  }),
  create: (c, deps: NetworkDeps) => {
    if (c.classConditional && deps.classes === undefined) {
      throw new ConfigError(['network.classConditional: the data set has no class labels']);
    }
    const out = deps.outputShape;
    if (out && (out.length !== 3 || out[0] !== deps.itemShape[0] || out[1] !== deps.itemShape[1])) {
      throw new ConfigError([
        `network: the unet can only change the output's channels; the posterior asks for an output item of shape [${out.join(', ')}] for items of shape [${deps.itemShape.join(', ')}]`,
      ]);
    }
    return new UNet(
      {
        itemShape: deps.itemShape,
        channels: c.channels,
        resBlocks: c.resBlocks,
        timeEmbedding: c.timeEmbedding,
        groups: c.groups,
        ...(c.classConditional ? { classes: deps.classes! } : {}),
        ...(out ? { outChannels: out[2]! } : {}),
      },
      deps.rng,
    );
  },
});
