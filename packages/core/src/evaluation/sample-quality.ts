import type { Container, ServiceIdentifier } from 'inversify';
import type { Udm } from '../di/udm.js';
import type { EvalValues } from './evaluator.js';

/** What a sample-quality yardstick is prepared with. */
export interface SampleQualityContext {
  /** The model whose data the yardstick is built on (its training and held-out sets). */
  readonly udm: Udm;
  /** Samples per scored set: the reference scores this many real training examples. */
  readonly count: number;
  /** Seed of every random draw of the yardstick (the same seed gives the same numbers). */
  readonly seed: number;
}

/** A prepared yardstick: scores sets of samples, all against the same held-out data. */
export interface SampleScorer {
  /** `count` real training examples scored like the samples: what a perfect model reaches (the floor). */
  readonly reference: EvalValues;
  /** Scores `count` samples, row-major in the data's item shape and scale. */
  score(samples: Float32Array): EvalValues;
  dispose(): void;
}

/**
 * An extension point for scoring samples against held-out data (distances of 2-D points, a classifier's view of
 * images, a user's own): multi-bound to `SAMPLE_QUALITY` in a ContainerModule and chosen by what it accepts, never
 * switched on the item shape by the caller. `prepare` does the once-per-model work (e.g. training a classifier), so
 * many sample sets (the teacher and every student of `udm distill`) are scored with one yardstick.
 */
export interface SampleQuality {
  /** Unique name (e.g. `point-distance`). */
  readonly name: string;
  readonly description: string;
  /** Why this yardstick does not apply to the model's data (undefined when it does). */
  unsupported(udm: Udm): string | undefined;
  prepare(context: SampleQualityContext): SampleScorer;
}

/** The DI token sample-quality yardsticks are multi-bound to. */
export const SAMPLE_QUALITY: ServiceIdentifier<SampleQuality> = Symbol.for('udm.SampleQuality');

/** The yardsticks bound in a container that apply to the model's data (duplicate names fail loudly). */
export function sampleQualitiesFor(udm: Udm, container: Container = udm.container): SampleQuality[] {
  const all = container.isBound(SAMPLE_QUALITY) ? container.getAll(SAMPLE_QUALITY) : [];
  const seen = new Set<string>();
  for (const q of all) {
    if (seen.has(q.name)) throw new Error(`sample quality: name "${q.name}" is registered twice`);
    seen.add(q.name);
  }
  return all.filter((q) => q.unsupported(udm) === undefined);
}

/** Prepares several yardsticks as one: their numbers merged (two yardsticks reporting one name fail loudly). */
export function combinedScorer(
  qualities: readonly SampleQuality[],
  context: SampleQualityContext,
): SampleScorer {
  const scorers: Array<{ readonly name: string; readonly scorer: SampleScorer }> = [];
  const merge = (pick: (s: SampleScorer) => EvalValues): EvalValues => {
    const out: Record<string, number> = {};
    const owner: Record<string, string> = {};
    for (const { name, scorer } of scorers) {
      for (const [key, value] of Object.entries(pick(scorer))) {
        if (key in out) throw new Error(`sample quality: "${name}" and "${owner[key]}" both report "${key}"`);
        out[key] = value;
        owner[key] = name;
      }
    }
    return out;
  };
  try {
    for (const q of qualities) scorers.push({ name: q.name, scorer: q.prepare(context) });
    const reference = merge((s) => s.reference);
    return {
      reference,
      score: (samples) => merge((s) => s.score(samples)),
      dispose: () => scorers.forEach(({ scorer }) => scorer.dispose()),
    };
  } catch (e) {
    scorers.forEach(({ scorer }) => scorer.dispose());
    throw e;
  }
}
