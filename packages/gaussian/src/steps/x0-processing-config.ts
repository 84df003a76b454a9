import { booleanCodec, numberIn, withDefault } from '@udm/core';
import { clipX0, dynamicThreshold, keepX0, type X0Processor } from './x0-processor.js';

/** The config fields of x̂0 processing, shared by the DDPM and DDIM steps (diffusers' names). */
export const x0ProcessingFields = {
  clipSample: withDefault(booleanCodec, false),
  clipSampleRange: withDefault(numberIn(0, Infinity, { lo: true }), 1),
  thresholding: withDefault(booleanCodec, false),
  dynamicThresholdingRatio: withDefault(numberIn(0, 1, { lo: true }), 0.995),
  sampleMaxValue: withDefault(numberIn(1, Infinity), 1),
};

export interface X0ProcessingConfig {
  readonly clipSample: boolean;
  readonly clipSampleRange: number;
  readonly thresholding: boolean;
  readonly dynamicThresholdingRatio: number;
  readonly sampleMaxValue: number;
}

/** Thresholding wins over clipping, as in diffusers; neither leaves x̂0 unchanged. */
export function x0ProcessorOf(c: X0ProcessingConfig): X0Processor {
  if (c.thresholding) return dynamicThreshold(c.dynamicThresholdingRatio, c.sampleMaxValue);
  return c.clipSample ? clipX0(c.clipSampleRange) : keepX0;
}
