import {
  CATEGORICAL_DATA,
  TOKEN_DATA,
  arrayOf,
  contribution,
  booleanCodec,
  intIn,
  literal,
  numberIn,
  oneOf,
  positiveInt,
  required,
  struct,
  withDefault,
  type DatasetDeps,
  type KindConfig,
  type Registry,
} from '@udm/core';
import type { Tokenizer } from './tokenizer.js';
import { chaptersSplit } from './chapters-split.js';
import { namesSplit } from './names-split.js';
import { firstNames, mobyDickChapters } from './text-corpora.js';
import { tokenizerRegistry } from './tokenizer-contributions.js';

/** The text data sets (`first-names`, `moby-dick`) choosing their `tokenizer` among `tokenizers`' kinds. */
export function textDataWith(tokenizers: Registry<Tokenizer, readonly string[]>) {
  const tokenizerField = withDefault(tokenizers.codec(), { kind: 'char' });
  const fitTokenizer = (config: KindConfig) => (corpus: readonly string[]) =>
    tokenizers.create(config, corpus);

  const firstNamesData = contribution({
    kind: 'first-names',
    description: 'English first names (@stdlib female + male lists) as [PAD]-padded character ids [L]',
    codec: struct('first-names data', {
      kind: required(literal('first-names')),
      sets: withDefault(arrayOf(oneOf(['female', 'male'] as const), 1), ['female', 'male']),
      lowercase: withDefault(booleanCodec, true),
      length: withDefault(intIn(2, 1024), 16),
      heldOut: withDefault(numberIn(0, 1, { lo: true, hi: true }), 0.1),
      tokenizer: tokenizerField,
    }),
    provides: [TOKEN_DATA, CATEGORICAL_DATA],
    create: (c, deps: DatasetDeps) =>
      namesSplit({
        names: firstNames(c.sets),
        lowercase: c.lowercase,
        length: c.length,
        heldOut: c.heldOut,
        seed: deps.seed,
        tokenizer: fitTokenizer(c.tokenizer),
      }),
  });

  const mobyDickData = contribution({
    kind: 'moby-dick',
    description: 'Moby-Dick (@stdlib) as character windows [L]; every n-th chapter held out',
    codec: struct('moby-dick data', {
      kind: required(literal('moby-dick')),
      length: withDefault(intIn(2, 4096), 64),
      stride: withDefault(positiveInt, 64),
      heldOutEvery: withDefault(intIn(2, 135), 10),
      collapseWhitespace: withDefault(booleanCodec, true),
      tokenizer: tokenizerField,
    }),
    provides: [TOKEN_DATA, CATEGORICAL_DATA],
    create: (c, _deps: DatasetDeps) =>
      chaptersSplit({
        chapters: mobyDickChapters().map((ch) => ch.text),
        length: c.length,
        stride: c.stride,
        heldOutEvery: c.heldOutEvery,
        collapseWhitespace: c.collapseWhitespace,
        tokenizer: fitTokenizer(c.tokenizer),
      }),
  });
  return { firstNamesData, mobyDickData };
}

const builtin = textDataWith(tokenizerRegistry);
/** `first-names` with the built-in tokenizers (`dataModule` binds `textDataWith` the container's). */
export const firstNamesData = builtin.firstNamesData;
/** `moby-dick` with the built-in tokenizers (`dataModule` binds `textDataWith` the container's). */
export const mobyDickData = builtin.mobyDickData;
