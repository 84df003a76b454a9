import { ContainerModule } from 'inversify';
import { fixedDataKind } from '@udm/testing';
import { ArrayDataset, deriveSeed, SeededRng, TOKENS } from '@udm/core';

/** `n` labelled 8×8×1 images in [−1, 1]: class 0 bright in the top half, class 1 in the bottom half, plus noise. */
export function barImages(n: number, seed: number): ArrayDataset {
  const rng = new SeededRng(seed);
  const noise = rng.normals(n * 64);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const x = Float32Array.from({ length: n * 64 }, (_, j) => {
    const top = j % 64 < 32;
    const bright = (labels[Math.floor(j / 64)] === 0) === top;
    return Math.max(-1, Math.min(1, (bright ? 0.8 : -0.8) + 0.1 * noise[j]!));
  });
  return new ArrayDataset(x, [8, 8, 1], labels, 2);
}

/** A test data set of kind `bar-images` (128 training, 64 held-out images from `barImages`). */
export const barImagesModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(
    fixedDataKind('bar-images', 'test data: labelled 8×8 images, a bright top or bottom half', (seed) => ({
      train: barImages(128, deriveSeed(seed, 'train')),
      heldOut: barImages(64, deriveSeed(seed, 'held-out')),
    })),
  );
});
