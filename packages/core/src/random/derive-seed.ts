/**
 * A seed for an independent stream, derived from the run's seed and a label (FNV-1a over the label, mixed with
 * the seed), so that e.g. weight initialisation and training noise do not share draws.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0) ^ Math.floor(seed / 4294967296);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
