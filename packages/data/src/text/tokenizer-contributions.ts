import { contribution, literal, oneOf, Registry, required, struct, withDefault } from '@udm/core';
import { CharTokenizer } from './char-tokenizer.js';
import { UNKNOWN_POLICIES, type Tokenizer } from './tokenizer.js';

export const charTokenizer = contribution({
  kind: 'char',
  description: 'one token per character, fitted on the corpus; [PAD] = 0, [MASK] last',
  codec: struct('char tokenizer', {
    kind: required(literal('char')),
    unknown: withDefault(oneOf(UNKNOWN_POLICIES), 'error'),
  }),
  create: (c, corpus: readonly string[]): Tokenizer => CharTokenizer.fit(corpus, { unknown: c.unknown }),
});

/** The built-in tokenizers (bound to `DATA_CHOICES.Tokenizer` by `dataModule`). */
export const tokenizers = [charTokenizer];

/** The built-in tokenizer kinds for the text data sets' `tokenizer` field, for use without a container. */
export const tokenizerRegistry = new Registry<Tokenizer, readonly string[]>('data.tokenizer', tokenizers);
