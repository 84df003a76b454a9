import { SeededRng, slicedWasserstein } from '@udm/core';
import { twoMoons } from '@udm/data/browser';

/** How close 2-D points are to the two-moons set the demo's model was trained on (noise 0.05, as in its config). */
export interface MoonsStatistics {
  /** Sliced Wasserstein-1 between the points and 2,000 fresh two-moons points. */
  readonly slicedW1: number;
  /** The same distance for N(0, I) points (what an untrained model gives): the scale to compare with. */
  readonly priorSlicedW1: number;
  /** Median distance from a point to the noise-free moon curves (in the data's units, where the set spans ≈ 4). */
  readonly medianCurveDistance: number;
}

/** Distance from (x, y) to the nearest of the two half circles, in the centred ×2 coordinates of `twoMoons`. */
export function moonCurveDistance(x: number, y: number): number {
  // Back to make_moons coordinates: upper arc centred (0, 0), lower arc centred (1, 0.5), both radius 1.
  const u = x / 2 + 0.5;
  const v = y / 2 + 0.25;
  const arc = (cx: number, cy: number, upper: boolean): number => {
    const dx = u - cx;
    const dy = v - cy;
    const onSide = upper ? dy >= 0 : dy <= 0;
    if (onSide) return Math.abs(Math.hypot(dx, dy) - 1);
    return Math.min(Math.hypot(dx - 1, dy), Math.hypot(dx + 1, dy)); // nearest end point
  };
  return 2 * Math.min(arc(0, 0, true), arc(1, 0.5, false));
}

export function moonsStatistics(points: Float32Array): MoonsStatistics {
  const reference = twoMoons(2000, 0.05, new SeededRng(11));
  const prior = new SeededRng(12).normals(points.length);
  const distances: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 2)
    distances.push(moonCurveDistance(points[i]!, points[i + 1]!));
  distances.sort((a, b) => a - b);
  return {
    slicedW1: slicedWasserstein(points, reference, 2, new SeededRng(13)),
    priorSlicedW1: slicedWasserstein(Float32Array.from(prior), reference, 2, new SeededRng(13)),
    medianCurveDistance: distances[Math.floor(distances.length / 2)]!,
  };
}
