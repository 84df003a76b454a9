import { TOKEN_DATA } from '../capabilities/data-capabilities.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import type { Dataset } from '../data/dataset.js';
import { deriveSeed } from '../random/derive-seed.js';
import { SeededRng } from '../random/seeded-rng.js';
import type { Evaluator } from './evaluator.js';
import type { SequenceNelboOptions, SequenceNelboResult } from './sequence-nelbo.js';

/** What a discrete family gives to evaluate its NELBO of held-out token sequences. */
export interface SequenceNelboEvaluatorSpec<P extends PosteriorModel> {
  /** The evaluator's name, the key of its numbers and of its random stream (`eval/<name>`). */
  readonly name: string;
  readonly description: string;
  /** Whether the model's posterior is this family's. */
  readonly accepts: (posterior: PosteriorModel) => posterior is P;
  /** What `accepts` needs, for "needs …" when it refuses (e.g. `the masked (SUBS) posterior`). */
  readonly needs: string;
  /** The family's NELBO of held-out sequences (usually through core's `evaluateSequenceNelbo`). */
  readonly evaluate: (posterior: P, heldOut: Dataset, options: SequenceNelboOptions) => SequenceNelboResult;
  /** Draws per sequence (default 16). */
  readonly timesPerSequence?: number;
}

/** The tokenizer's [PAD] id, when it has one (characters then exclude padding). */
function padOf(tokenizer: object): { padId?: number } {
  const padId = (tokenizer as { padId?: unknown }).padId;
  return typeof padId === 'number' ? { padId } : {};
}

/**
 * An `Evaluator` of a discrete family's NELBO in bits per character over the whole held-out token set (seed 002:
 * −log p(x0) ≤ NELBO): every discrete family reports through it with the same seeding, padding and counting, so
 * their numbers compare. Returns sequences, characters, bitsPerChar ± its standard error and bitsPerToken.
 */
export function sequenceNelboEvaluator<P extends PosteriorModel>(
  spec: SequenceNelboEvaluatorSpec<P>,
): Evaluator {
  const timesPerSequence = spec.timesPerSequence ?? 16;
  return {
    name: spec.name,
    description: spec.description,
    unsupported(udm) {
      if (!spec.accepts(udm.posterior)) return `needs ${spec.needs}`;
      if (!TOKEN_DATA.has(udm.data)) return `needs ${TOKEN_DATA.description}`;
      return undefined;
    },
    evaluate({ udm, seed, maxExamples, onProgress }) {
      const posterior = udm.posterior;
      if (!spec.accepts(posterior) || !TOKEN_DATA.has(udm.data))
        throw new Error(`${spec.name}: needs ${spec.needs} and token data`);
      const heldOut = udm.data.heldOut;
      onProgress?.(0, 1);
      const r = spec.evaluate(posterior, heldOut, {
        rng: new SeededRng(deriveSeed(seed, `eval/${spec.name}`)),
        timesPerSequence,
        ...(maxExamples !== undefined ? { maxSequences: maxExamples } : {}),
        ...padOf(heldOut.tokenizer),
      });
      onProgress?.(1, 1);
      return {
        sequences: r.sequences,
        characters: r.characters,
        bitsPerChar: r.bitsPerChar,
        bitsPerCharStdError: r.bitsPerCharStdError,
        bitsPerToken: r.bitsPerToken,
      };
    },
  };
}
