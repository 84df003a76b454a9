/**
 * The parser of an integer option in [min, max] whose errors name the option, e.g.
 * `--steps: expected an integer in [1, 1000000], got 1e9` (`intOption('--steps', 1, SIZE_LIMITS.timeSteps)`).
 */
export function intOption(flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER
          ? min === 0
            ? 'a non-negative integer'
            : min === 1
              ? 'a positive integer'
              : `an integer ≥ ${min}`
          : `an integer in [${min}, ${max}]`;
      throw new Error(`${flag}: expected ${range}, got ${value}`);
    }
    return n;
  };
}
