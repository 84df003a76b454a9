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
} from '@udm/core';
import { chaptersSplit } from './chapters-split.js';
import { namesSplit } from './names-split.js';
import { firstNames, mobyDickChapters } from './text-corpora.js';
import { tokenizerRegistry } from './tokenizer-contributions.js';

const tokenizerField = withDefault(tokenizerRegistry.codec(), { kind: 'char' });
const fitTokenizer = (config: KindConfig) => (corpus: readonly string[]) =>
  tokenizerRegistry.create(config, corpus);

export const firstNamesData = contribution({
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

export const mobyDickData = contribution({
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
