// Latent diffusion in one package: the autoencoder (E, D), its training loss, its checkpoint and config, and the data
// kind `latent` (any registered data encoded by E, normalised per coordinate, samples decoded by D).
export { latentModule, latentData, latentDataWith, filePathCodec } from './latent/latent-data.js';
export { Autoencoder } from './autoencoder/autoencoder.js';
export type { AutoencoderOptions, LatentDistribution } from './autoencoder/autoencoder.js';
export { trainAutoencoder, reconstructionError, gaussianKl } from './autoencoder/train-autoencoder.js';
export { autoencoderObjective } from './autoencoder/autoencoder-objective.js';
export type { AutoencoderLossOptions } from './autoencoder/autoencoder-objective.js';
export type { TrainAutoencoderOptions, AutoencoderTrainSummary } from './autoencoder/train-autoencoder.js';
export { buildAutoencoder } from './autoencoder/build-autoencoder.js';
export {
  autoencoderRunCodec,
  autoencoderArchitectureCodec,
  autoencoderTrainingCodec,
  autoencoderArchitectureFields,
  autoencoderTrainingFields,
  checkAutoencoderSections,
  decodeAutoencoderRunConfig,
} from './autoencoder/autoencoder-config.js';
export type {
  AutoencoderRunConfig,
  AutoencoderArchitecture,
  AutoencoderTraining,
} from './autoencoder/autoencoder-config.js';
export {
  saveAutoencoder,
  loadAutoencoder,
  decodeAutoencoder,
  autoencoderFile,
  AUTOENCODER_FILE,
  AUTOENCODER_FORMAT,
} from './autoencoder/autoencoder-checkpoint.js';
export type {
  AutoencoderRecord,
  LoadedAutoencoder,
  LoadAutoencoderOptions,
} from './autoencoder/autoencoder-checkpoint.js';
export { latentSplit, fromLatent } from './latent/latent-dataset.js';
export type { LatentScaling, LatentSplit, Encoder } from './latent/latent-dataset.js';
export { latentDecoder, encodedSplit, isLatentDecoder } from './latent/latent-decoder.js';
export type { LatentDecoder } from './latent/latent-decoder.js';
