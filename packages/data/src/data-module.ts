import { CHOICE_POINTS, choiceRegistry, definePlugin, TOKENS } from '@udm/core';
import { DATA_CHOICES } from './choice-points.js';
import { mnistData } from './mnist/mnist-contribution.js';
import { textDataWith } from './text/text-contributions.js';
import { tokenizers } from './text/tokenizer-contributions.js';
import { eightGaussiansData, twoMoonsData } from './toy/toy-contributions.js';

/** Binds the data sets of `@udm/data` and its tokenizers (`DATA_CHOICES`, to which a plugin adds its own). */
export const dataModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(CHOICE_POINTS, ...Object.values(DATA_CHOICES));
  contribute(DATA_CHOICES.Tokenizer.token, ...tokenizers);
  contribute(TOKENS.Dataset, twoMoonsData, eightGaussiansData);
  contributeFrom(TOKENS.Dataset, (source) => {
    const text = textDataWith(choiceRegistry(source, DATA_CHOICES.Tokenizer));
    return [text.firstNamesData, text.mobyDickData];
  });
  contribute(TOKENS.Dataset, mnistData);
});
