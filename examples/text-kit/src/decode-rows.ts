/** Sampled rows decoded to text. */
export interface DecodedRows {
  readonly texts: string[];
  /** How many rows have a [PAD] followed by another token (a text with a gap in it). */
  readonly malformed: number;
}

/**
 * Decodes `ids` (rows of `length` token ids, row-major) with `tokenizer`, counting the malformed rows: those where a
 * [PAD] (`tokenizer.padId`) is followed by anything but [PAD]. Without a `padId` no row is malformed.
 */
export function decodeRows(
  tokenizer: { readonly padId?: number; decode(ids: ArrayLike<number>): string },
  ids: Int32Array,
  length: number,
): DecodedRows {
  if (!(Number.isSafeInteger(length) && length > 0 && ids.length % length === 0))
    throw new RangeError(`length: expected a positive divisor of ${ids.length} ids, got ${length}`);
  const texts: string[] = [];
  let malformed = 0;
  for (let b = 0; b < ids.length / length; b++) {
    const row = ids.subarray(b * length, (b + 1) * length);
    if (tokenizer.padId !== undefined) {
      const end = row.indexOf(tokenizer.padId);
      if (end >= 0 && row.subarray(end).some((v) => v !== tokenizer.padId)) malformed++;
    }
    texts.push(tokenizer.decode(row));
  }
  return { texts, malformed };
}
