import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import { applyEpilogue, epilogueSupported, type Epilogue } from './epilogue.js';
import type { MemoryFactory } from './kernel-memory.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

interface ConvAttrs extends Epilogue {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: Shape4;
  filterShape?: Shape4;
}

/** The addon's geometry vector for a channels-last convolution of `x` [b, h, w, c] with `filter` [kh, kw, c, co]. */
export function convGeometry(xShape: Shape4, filterShape: Shape4, attrs: ConvAttrs): Int32Array | undefined {
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return undefined;
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const p = info.padInfo;
  if (p.top < 0 || p.left < 0) return undefined;
  return Int32Array.from([
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outChannels,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    p.top,
    p.left,
    info.dilationHeight,
    info.dilationWidth,
  ]);
}

const allFloat32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/** `Conv2D` (NHWC, float32) through the addon's im2col + SGEMM; other cases go to `fallback`. */
export function nativeConv2D(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return nativeFusedConv2D(addon, memory, fallback);
}

/** `FusedConv2D`: the convolution, then bias [co] or [1] and activation in one pass; prelu goes to `fallback`. */
export function nativeFusedConv2D(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { x, filter, bias } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    const epilogue = { ...attrs, ...(bias ? { bias } : {}) };
    const co = filter.shape[3]!;
    const g = allFloat32(x, filter)
      ? convGeometry(x.shape as Shape4, filter.shape as Shape4, attrs)
      : undefined;
    if (g === undefined || !epilogueSupported(epilogue, co)) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([g[0]!, g[7]!, g[8]!, co]);
    addon.conv2d(g, mem.view(x), mem.view(filter), mem.view(out));
    applyEpilogue(addon, mem, out, co, epilogue);
    return out;
  };
}

/** `Conv2DBackpropFilter` (the filter gradient) through the addon. */
export function conv2DBackpropFilter(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    const filterShape = attrs.filterShape!;
    const g = allFloat32(x, dy) ? convGeometry(x.shape as Shape4, filterShape, attrs) : undefined;
    if (g === undefined) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([...filterShape]);
    addon.conv2dBackpropFilter(g, mem.view(x), mem.view(dy), mem.view(out));
    return out;
  };
}

/** `Conv2DBackpropInput` (the input gradient) through the addon. */
export function conv2DBackpropInput(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    const inputShape = attrs.inputShape!;
    const g = allFloat32(dy, filter) ? convGeometry(inputShape, filter.shape as Shape4, attrs) : undefined;
    if (g === undefined) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([...inputShape]);
    addon.conv2dBackpropInput(g, mem.view(dy), mem.view(filter), mem.view(out));
    return out;
  };
}
