import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { twoMoons } from './two-moons.js';
import { eightGaussians } from './eight-gaussians.js';
import { twoMoonsData } from './toy-contributions.js';

describe('toy data', () => {
  it('two-moons lies on two half circles (before jitter) and is seeded', () => {
    const a = twoMoons(2000, 0, new SeededRng(1));
    const b = twoMoons(2000, 0, new SeededRng(1));
    expect(a).toEqual(b);
    for (let i = 0; i < 2000; i++) {
      const x = a[2 * i]! / 2 + 0.5;
      const y = a[2 * i + 1]! / 2 + 0.25;
      const upper = Math.hypot(x, y);
      const lower = Math.hypot(x - 1, y - 0.5);
      expect(Math.min(Math.abs(upper - 1), Math.abs(lower - 1))).toBeLessThan(1e-5);
    }
  });

  it('eight-gaussians has 8 modes on the circle', () => {
    const p = eightGaussians(4000, 2, 0.01, new SeededRng(3));
    const modes = new Set<number>();
    for (let i = 0; i < 4000; i++) {
      const angle = Math.atan2(p[2 * i + 1]!, p[2 * i]!);
      modes.add(((Math.round(angle / (Math.PI / 4)) % 8) + 8) % 8);
      expect(Math.hypot(p[2 * i]!, p[2 * i + 1]!)).toBeGreaterThan(1.9);
    }
    expect(modes.size).toBe(8);
  });

  it('the two-moons contribution splits train / held-out with different draws', () => {
    const cfg = twoMoonsData.codec.decode({ kind: 'two-moons', n: 100, heldOut: 50 });
    if (cfg._tag !== 'Right') throw new Error('decode failed');
    const split = twoMoonsData.create(cfg.right, { seed: 4 });
    expect(split.train.size).toBe(100);
    expect(split.heldOut.size).toBe(50);
    expect(split.train.toArray().slice(0, 10)).not.toEqual(split.heldOut.toArray().slice(0, 10));
  });
});
