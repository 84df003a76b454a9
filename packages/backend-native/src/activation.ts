/** Fused activations the addon applies in place, by tfjs name, with the code of native/udm_native.cc's `Act`. */
export const NATIVE_ACTIVATIONS: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  sigmoid: 4,
  leakyrelu: 5,
};
