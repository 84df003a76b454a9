export { netsModule } from './nets-module.js';
export { Mlp } from './mlp/mlp.js';
export type { MlpOptions } from './mlp/mlp.js';
export { mlpNetwork } from './mlp/mlp-contribution.js';
export { sinusoidalEmbedding } from './layers/sinusoidal-embedding.js';
export { createDense, dense } from './layers/dense.js';
export type { DenseWeights } from './layers/dense.js';
