import * as t from 'io-ts';
import { showValue } from './show-value.js';

function numberCodec(name: string, accept: (n: number) => boolean): t.Type<number, number, unknown> {
  return new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && accept(u),
    (u, c) =>
      typeof u === 'number' && accept(u)
        ? t.success(u)
        : t.failure(u, c, `expected ${name}, got ${showValue(u)}`),
    (n) => n,
  );
}

/** A finite number (NaN and ±Infinity rejected). */
export const finiteNumber = numberCodec('a finite number', Number.isFinite);

/** An integer ≥ 1 (and a safe integer). */
export const positiveInt = numberCodec('a positive integer', (n) => Number.isSafeInteger(n) && n >= 1);

/** An integer ≥ 0. */
export const nonNegativeInt = numberCodec('a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0);

/** An odd integer ≥ 1 (kernel sizes). */
export const oddPositiveInt = numberCodec(
  'an odd positive integer',
  (n) => Number.isSafeInteger(n) && n >= 1 && n % 2 === 1,
);

/**
 * A finite number in an interval; `open` chooses which ends are excluded. The codec's name reads like the
 * interval, e.g. `a number in (0, 1)` or `a number in [0, 1]`.
 */
export function numberIn(
  lo: number,
  hi: number,
  open: { lo?: boolean; hi?: boolean } = {},
): t.Type<number, number, unknown> {
  const l = open.lo ? '(' : '[';
  const r = open.hi ? ')' : ']';
  const name = `a number in ${l}${lo}, ${hi === Infinity ? '∞' : hi}${hi === Infinity ? ')' : r}`;
  return numberCodec(
    name,
    (n) =>
      Number.isFinite(n) && (open.lo ? n > lo : n >= lo) && (open.hi || hi === Infinity ? n < hi : n <= hi),
  );
}

/** An integer in [lo, hi]. */
export function intIn(lo: number, hi: number): t.Type<number, number, unknown> {
  return numberCodec(`an integer in [${lo}, ${hi}]`, (n) => Number.isSafeInteger(n) && n >= lo && n <= hi);
}

/**
 * Upper bounds for sizes a config sets, so that a typo or a hostile file (`T: 1e9`) fails at decode with a message
 * naming the field instead of allocating until the process is killed. Generous: far beyond any run on one machine.
 */
export const SIZE_LIMITS = {
  /** Discrete time steps T of a process, and sampler steps (schedule tables hold T + 1 float64 values each). */
  timeSteps: 1_000_000,
  /** Examples a data kind generates (toy sets). */
  examples: 10_000_000,
  /** Width of a layer, channels of a convolution. */
  layerWidth: 16_384,
} as const;

/** T, or a number of sampler steps: an integer in [1, `SIZE_LIMITS.timeSteps`]. */
export const timeStepCount = intIn(1, SIZE_LIMITS.timeSteps);

/** A number of generated examples: an integer in [1, `SIZE_LIMITS.examples`]. */
export const exampleCount = intIn(1, SIZE_LIMITS.examples);

/** A layer width or channel count: an integer in [1, `SIZE_LIMITS.layerWidth`]. */
export const layerWidth = intIn(1, SIZE_LIMITS.layerWidth);
