import { KneserNey, type KnDiscounts } from './kneser-ney.js';

export interface KneserNeyBaselineOptions {
  /** Sequence length L (ids are row-major [rows, L]). */
  readonly length: number;
  readonly categories: number;
  /** [MASK] is never predicted. */
  readonly maskId: number;
  /** Positions holding this id are coded (as the model codes them) but not counted as characters. */
  readonly padId?: number;
  /** Every `tuneEvery`-th training row (the last of each group) forms the slice the discounts are tuned on (default 10). */
  readonly tuneEvery?: number;
  /** Coordinate-search passes over the discounts (default 3; 0 keeps Chen & Goodman's estimates). */
  readonly tunePasses?: number;
}

export interface KneserNeyBaseline {
  readonly order: number;
  /** Held-out code length (every position of every row) / real (non-pad) characters. */
  readonly bitsPerChar: number;
  /** The tuned discounts, index 0 = unigrams. */
  readonly discounts: readonly KnDiscounts[];
  /** Bits per character of the tuning slice under a model of the rest of the training rows, before / after tuning. */
  readonly sliceBitsBefore: number;
  readonly sliceBitsAfter: number;
}

function rowsWhere(ids: ArrayLike<number>, L: number, keep: (row: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let r = 0; r * L < ids.length; r++) if (keep(r)) for (let l = 0; l < L; l++) out.push(ids[r * L + l]!);
  return Int32Array.from(out);
}

function characters(ids: ArrayLike<number>, padId: number | undefined): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== padId) n++;
  return n;
}

/**
 * An interpolated modified Kneser-Ney n-gram baseline scored as a masked model's NELBO is: bits of each whole
 * row (every [PAD] included, each row from its start) per real character. The discounts are tuned by coordinate
 * search on a slice of the training rows (every `tuneEvery`-th) under a model of the other training rows, then
 * the model is refitted on all training rows with them and scored on the held-out rows.
 */
export function kneserNeyBaseline(
  train: ArrayLike<number>,
  heldOut: ArrayLike<number>,
  order: number,
  o: KneserNeyBaselineOptions,
): KneserNeyBaseline {
  const L = o.length;
  const every = o.tuneEvery ?? 10;
  if (!(Number.isSafeInteger(every) && every >= 2))
    throw new RangeError(`tuneEvery: expected an integer ≥ 2, got ${every}`);
  const passes = o.tunePasses ?? 3;
  const model = { order, length: L, categories: o.categories, exclude: [o.maskId] };
  const fit = rowsWhere(train, L, (r) => r % every !== every - 1);
  const slice = rowsWhere(train, L, (r) => r % every === every - 1);
  if (slice.length === 0 || fit.length === 0)
    throw new RangeError(
      `train: expected at least ${every} rows to tune the discounts on, got ${train.length / L}`,
    );
  const sliceChars = characters(slice, o.padId);
  const first = new KneserNey(fit, model);
  const sliceBits = (d: readonly KnDiscounts[]) => first.withDiscounts(d).codeLength(slice) / sliceChars;
  let best = first.discounts.map((d) => [...d] as [number, number, number]);
  const before = first.codeLength(slice) / sliceChars;
  let bestBits = before;
  const factors = [0.6, 0.8, 0.9, 1.1, 1.25, 1.5];
  for (let pass = 0; pass < passes; pass++) {
    for (let m = 0; m < order; m++)
      for (let k = 0; k < 3; k++) {
        const current = best[m]![k]!;
        for (const f of factors) {
          const v = Math.min(k + 1, Math.max(1e-3, current * f));
          if (v === best[m]![k]) continue;
          const trial = best.map((d) => [...d] as [number, number, number]);
          trial[m]![k] = v;
          const bits = sliceBits(trial);
          if (bits < bestBits) {
            bestBits = bits;
            best = trial;
          }
        }
      }
  }
  const final = new KneserNey(train, { ...model, discounts: best });
  return {
    order,
    bitsPerChar: final.codeLength(heldOut) / characters(heldOut, o.padId),
    discounts: best,
    sliceBitsBefore: before,
    sliceBitsAfter: bestBits,
  };
}
