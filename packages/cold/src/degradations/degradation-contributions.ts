import {
  arrayOf,
  ConfigError,
  contribution,
  literal,
  oddPositiveInt,
  oneOf,
  optional,
  positiveInt,
  timeStepCount,
  Registry,
  required,
  struct,
  withDefault,
} from '@udm/core';
import { CumulativeBlur } from './cumulative-blur.js';
import type { Degradation } from './degradation.js';
import { PADDINGS, type PaddingName } from './padding.js';
import { commonBlockSizes, Pixelate } from './pixelate.js';
import { fadeDegradation, inpaintDegradation } from './more-degradation-contributions.js';
import { stdScheduleRegistry, type StdSchedule } from './std-schedules.js';

/** What a degradation factory receives. */
export interface DegradationDeps {
  /** [height, width, channels] of one image. */
  readonly itemShape: readonly number[];
}

const paddingNames = Object.keys(PADDINGS) as PaddingName[];

/** The `gaussian-blur` degradation choosing `std` among `stds`' kinds. */
export function gaussianBlurDegradationWith(stds: Registry<StdSchedule, unknown>) {
  return contribution({
    kind: 'gaussian-blur',
    description: 'cumulative Gaussian blur: level t = t + 1 blur passes (separable depthwise convolution)',
    codec: struct('gaussian-blur degradation', {
      kind: required(literal('gaussian-blur')),
      T: withDefault(timeStepCount, 20),
      kernelSize: withDefault(oddPositiveInt, 11),
      std: withDefault(stds.codec(), { kind: 'constant', value: 7 }),
      padding: withDefault(oneOf(paddingNames), 'reflect'),
    }),
    create: (c, _deps: DegradationDeps): Degradation =>
      new CumulativeBlur(stds.create(c.std, undefined).stds(c.T), c.kernelSize, PADDINGS[c.padding]),
  });
}

/** `gaussian-blur` with the built-in std schedules (`coldModule` binds it over the container's). */
export const gaussianBlurDegradation = gaussianBlurDegradationWith(stdScheduleRegistry);

export const pixelateDegradation = contribution({
  kind: 'pixelate',
  description:
    'pixelation: level t averages blocks of blockSizes[t] × blockSizes[t] pixels (default: every size > 1 dividing both image sides)',
  codec: struct('pixelate degradation', {
    kind: required(literal('pixelate')),
    blockSizes: optional(arrayOf(positiveInt, 1)),
  }),
  create: (c, deps: DegradationDeps): Degradation => {
    const [h, w] = deps.itemShape;
    const sizes = c.blockSizes ?? commonBlockSizes(h!, w!);
    if (sizes.length === 0) {
      throw new ConfigError([
        `process.degradation.blockSizes: the image size ${h}×${w} has no common divisor > 1; give the block sizes`,
      ]);
    }
    return new Pixelate(sizes, deps.itemShape);
  },
});

/** The built-in degradations by `process.degradation.kind`, for use without a container. */
export const degradationRegistry = new Registry<Degradation, DegradationDeps>('process.degradation', [
  gaussianBlurDegradation,
  pixelateDegradation,
  inpaintDegradation,
  fadeDegradation,
]);
