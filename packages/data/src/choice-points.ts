import { choicePoint } from '@udm/core';
import type { Tokenizer } from './text/tokenizer.js';

/**
 * The data plugin's second-level extension points: a plugin binds a tokenizer (built from the corpus it receives)
 * to `DATA_CHOICES.Tokenizer.token` and it becomes a valid `data.tokenizer` of the text data sets.
 */
export const DATA_CHOICES = {
  /** Text → token ids (`data.tokenizer` of `first-names` and `moby-dick`). */
  Tokenizer: choicePoint<Tokenizer, readonly string[]>(
    'data.Tokenizer',
    'data.tokenizer',
    'data.kind "first-names", "moby-dick"',
  ),
} as const;
