/**
 * Whether `value` carries `brand` (a `Symbol.for` key, the same in every copy of a package): what `instanceof` of a
 * core error class checks, so that an error thrown by a plugin's own copy of @udm/core is still recognised.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
