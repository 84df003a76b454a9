/** A short, readable rendering of a received value for error messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    return Number.isNaN(value)
      ? 'NaN'
      : Number.isFinite(value)
        ? String(value)
        : value > 0
          ? 'Infinity'
          : '-Infinity';
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}
