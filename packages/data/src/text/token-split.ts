import type { DataSplit, KindConfig } from '@udm/core';
import { TokenDataset } from './token-dataset.js';

/** The training and held-out token sequences of a text model. */
export interface TokenSplit {
  readonly train: TokenDataset;
  readonly heldOut: TokenDataset;
}

/**
 * The data split of a model (a `Udm`, or anything with its `data` and `config.data`) as token datasets; an error
 * naming `data.kind` when the model was not built on text (e.g. `first-names`, `moby-dick`).
 */
export function tokenSplit(model: {
  readonly data: DataSplit;
  readonly config: { readonly data: KindConfig };
}): TokenSplit {
  const { train, heldOut } = model.data;
  if (!(train instanceof TokenDataset && heldOut instanceof TokenDataset))
    throw new TypeError(
      `data.kind: expected a text data set (token sequences, e.g. "first-names" or "moby-dick"), ` +
        `got "${model.config.data.kind}"`,
    );
  return { train, heldOut };
}
