import type { DataDecoder, Dataset, DataSplit } from '../data/dataset.js';
import { capability } from './capability.js';

/** Turns token ids back into text. */
export interface TokenDecoder {
  readonly vocabularySize: number;
  /** Ids → text. */
  decode(ids: ArrayLike<number>, options?: { readonly mask?: string; readonly unknown?: string }): string;
}

/** A data set of token ids: categorical entries 0..categories−1 and the tokenizer that reads them as text. */
export interface TokenDataset extends Dataset {
  readonly categories: number;
  readonly tokenizer: TokenDecoder;
}

/** Whether a data set holds token ids with a tokenizer. */
export function isTokenDataset(d: unknown): d is TokenDataset {
  const t = d as Partial<TokenDataset> | null;
  return typeof t?.categories === 'number' && typeof t.tokenizer?.decode === 'function';
}

/** A split whose sets are token data. */
export interface TokenSplit extends DataSplit {
  readonly train: TokenDataset;
  readonly heldOut: TokenDataset;
}

/** Data of tokens (text): samples are decoded to text, metrics count per token or character. */
export const TOKEN_DATA = capability<TokenSplit>({
  name: 'token-data',
  subject: 'data',
  description: 'token data (ids 0..V−1 with a tokenizer)',
  providedBy: 'a data set with `categories` and a `tokenizer`, e.g. data.kind "text" of @udm/data',
  has: (s): s is TokenSplit =>
    isTokenDataset((s as DataSplit | null)?.train) && isTokenDataset((s as DataSplit).heldOut),
});

/** A split whose items encode other data, with the decoder back to it. */
export interface DecodableSplit extends DataSplit {
  readonly decoder: DataDecoder;
}

/** Data that encodes other data (e.g. autoencoder latents): samples are decoded before they are written or scored. */
export const DECODABLE_DATA = capability<DecodableSplit>({
  name: 'decodable-data',
  subject: 'data',
  description: 'a decoder from the model space back to the data space',
  providedBy: 'a data set whose split has a `decoder`, e.g. data.kind "latent" of @udm/nets',
  has: (s): s is DecodableSplit => typeof (s as DataSplit | null)?.decoder?.decode === 'function',
});

/** A split of categorical data: int32 entries 0..categories−1. */
export interface CategoricalSplit extends DataSplit {
  readonly train: Dataset & { readonly categories: number };
}

/** Categorical data (ids 0..categories−1, e.g. tokens or quantised values): discrete-state processes need it. */
export const CATEGORICAL_DATA = capability<CategoricalSplit>({
  name: 'categorical-data',
  subject: 'data',
  description: 'categorical data (a data set with `categories`)',
  providedBy: 'a data set that sets `categories`, e.g. token data',
  has: (s): s is CategoricalSplit => typeof (s as DataSplit | null)?.train?.categories === 'number',
});

/** Image data: items of shape [height, width, channels]. */
export const IMAGE_DATA = capability<DataSplit>({
  name: 'image-data',
  subject: 'data',
  description: 'image data (items [height, width, channels])',
  providedBy: 'a data set of pictures, e.g. MNIST',
  has: (s): s is DataSplit => (s as DataSplit | null)?.train?.itemShape?.length === 3,
});

/** Labelled data: every example has a class label 0..classes−1 (class-conditional models and guidance need it). */
export const LABELLED_DATA = capability<DataSplit>({
  name: 'labelled-data',
  subject: 'data',
  description: 'labelled data (class labels 0..classes−1)',
  providedBy: 'a data set with `classes`, e.g. MNIST or data.kind "gaussian-mixture"',
  has: (s): s is DataSplit => typeof (s as DataSplit | null)?.train?.classes === 'number',
});
