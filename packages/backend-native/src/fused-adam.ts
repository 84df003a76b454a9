import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/** The kernel name of one fused Adam step (inputs value, m, v, g; attr `params`; outputs new value, m, v). */
export const FUSED_ADAM = 'UdmFusedAdam';

/**
 * The fused Adam kernel: the ~15 elementwise kernels and temporaries tfjs's AdamOptimizer runs per variable, as one
 * native pass writing three fresh outputs (the inputs are never written: other tensors may share their data).
 */
export function nativeAdam(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { value, m, v, g } = args.inputs as Record<'value' | 'm' | 'v' | 'g', TensorInfo>;
    const { params } = args.attrs as unknown as { params: number[] };
    if ([value, m, v, g].some((t) => t.dtype !== 'float32')) return fallback(args);
    const mem = memory(args.backend);
    const out = [mem.alloc([...value.shape]), mem.alloc([...value.shape]), mem.alloc([...value.shape])];
    // Views after allocating: the wasm heap may have grown.
    addon.adam(
      mem.view(value),
      mem.view(m),
      mem.view(v),
      mem.view(g),
      mem.view(out[0]!),
      mem.view(out[1]!),
      mem.view(out[2]!),
      Float64Array.from(params),
    );
    return out;
  };
}

/** The AdamOptimizer fields the fused step uses (protected in tfjs's typings). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  incrementIterations(): void;
}

type ApplyGradients = tf.AdamOptimizer['applyGradients'];
type VariableGradients = Parameters<ApplyGradients>[0];

/** Marks the patched method (global symbol, so two copies of this package agree) and keeps the original. */
const ORIGINAL = Symbol.for('@udm/backend-native.adam');

function fusedUsable(): boolean {
  return tf.getKernel(FUSED_ADAM, tf.getBackend()) !== undefined;
}

/**
 * tfjs's `AdamOptimizer.applyGradients` with each variable's update as one `UdmFusedAdam` kernel where the active
 * backend has it (and every tensor is float32); otherwise the original. Same slots (`name/m`, `name/v`), same
 * bias correction and iteration count, so checkpoints and `getWeights`/`setWeights` are unchanged.
 */
function fusedApplyGradients(this: tf.AdamOptimizer, variableGradients: VariableGradients): void {
  const original = (fusedApplyGradients as unknown as Record<symbol, ApplyGradients>)[ORIGINAL]!;
  const self = this as unknown as AdamInternals;
  const named = Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor] as const)
    : Object.entries(variableGradients as NamedTensorMap);
  const registered = tf.engine().registeredVariables;
  if (
    !fusedUsable() ||
    named.some(([name, g]) => g != null && (g.dtype !== 'float32' || registered[name]?.dtype !== 'float32'))
  )
    return original.call(this, variableGradients);
  tf.tidy(() => {
    const [acc1, acc2] = [self.accBeta1.dataSync()[0]!, self.accBeta2.dataSync()[0]!];
    const params = [
      self.beta1,
      self.beta2,
      Math.fround(1 - acc1),
      Math.fround(1 - acc2),
      self.epsilon,
      self.learningRate,
    ];
    named.forEach(([name, gradient], i) => {
      const value = registered[name]!;
      self.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      self.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      if (gradient == null) return;
      const m = self.accumulatedFirstMoment[i]!.variable;
      const v = self.accumulatedSecondMoment[i]!.variable;
      const [newValue, newM, newV] = tf.engine().runKernel(FUSED_ADAM, { value, m, v, g: gradient }, {
        params,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      m.assign(newM!);
      v.assign(newV!);
      value.assign(newValue!);
    });
    // β^t on the host, as tfjs's float32 multiply rounds it (bit for bit): two kernel dispatches fewer per step.
    self.accBeta1.assign(tf.scalar(Math.fround(acc1 * Math.fround(self.beta1))));
    self.accBeta2.assign(tf.scalar(Math.fround(acc2 * Math.fround(self.beta2))));
  });
  self.incrementIterations();
}

/**
 * Makes every `tf.AdamOptimizer` (and subclasses that call it, such as AdamW) take its step through the fused kernel
 * on backends where `UdmFusedAdam` is registered. Global, like a kernel registration; idempotent.
 */
export function installFusedAdam(): void {
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  if ((proto.applyGradients as unknown as Record<symbol, unknown>)[ORIGINAL] !== undefined) return;
  const patched = fusedApplyGradients as unknown as ApplyGradients & Record<symbol, ApplyGradients>;
  patched[ORIGINAL] = proto.applyGradients;
  proto.applyGradients = patched;
}

/** Restores tfjs's own `AdamOptimizer.applyGradients`. Idempotent. */
export function uninstallFusedAdam(): void {
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  const original = (proto.applyGradients as unknown as Record<symbol, ApplyGradients>)[ORIGINAL];
  if (original !== undefined) proto.applyGradients = original;
}
