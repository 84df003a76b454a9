import {
  ArrayDataset,
  booleanCodec,
  contribution,
  deriveSeed,
  literal,
  numberIn,
  exampleCount,
  required,
  SeededRng,
  struct,
  withDefault,
  type DataSplit,
  type DatasetDeps,
  type Rng,
} from '@udm/core';
import { eightGaussiansLabelled } from './eight-gaussians.js';
import { twoMoons } from './two-moons.js';

function split(
  generate: (n: number, rng: Rng) => Float32Array,
  n: number,
  heldOut: number,
  seed: number,
): DataSplit {
  return {
    train: new ArrayDataset(generate(n, new SeededRng(deriveSeed(seed, 'data/train'))), [2]),
    heldOut: new ArrayDataset(generate(heldOut, new SeededRng(deriveSeed(seed, 'data/held-out'))), [2]),
  };
}

export const twoMoonsData = contribution({
  kind: 'two-moons',
  description: '2-D two-moons toy set (generated from the run seed)',
  codec: struct('two-moons data', {
    kind: required(literal('two-moons')),
    n: withDefault(exampleCount, 8000),
    heldOut: withDefault(exampleCount, 2000),
    noise: withDefault(numberIn(0, 1), 0.05),
  }),
  create: (c, deps: DatasetDeps) => split((n, rng) => twoMoons(n, c.noise, rng), c.n, c.heldOut, deps.seed),
});

export const eightGaussiansData = contribution({
  kind: 'eight-gaussians',
  description:
    '2-D mixture of 8 Gaussians on a circle (generated from the run seed); with `labelled`, each point has its component 0..7 as class label',
  codec: struct('eight-gaussians data', {
    kind: required(literal('eight-gaussians')),
    n: withDefault(exampleCount, 8000),
    heldOut: withDefault(exampleCount, 2000),
    radius: withDefault(numberIn(0, 100, { lo: true }), 2),
    std: withDefault(numberIn(0, 10), 0.1),
    labelled: withDefault(booleanCodec, false),
  }),
  create: (c, deps: DatasetDeps): DataSplit => {
    const set = (n: number, at: string) => {
      const { points, labels } = eightGaussiansLabelled(
        n,
        c.radius,
        c.std,
        new SeededRng(deriveSeed(deps.seed, at)),
      );
      return c.labelled ? new ArrayDataset(points, [2], labels, 8) : new ArrayDataset(points, [2]);
    };
    return { train: set(c.n, 'data/train'), heldOut: set(c.heldOut, 'data/held-out') };
  },
});
