import { describe, expect, it } from 'vitest';
import { createReporter } from './reporter.js';

function sink(isTTY: boolean) {
  const lines: string[] = [];
  const stream = { isTTY, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { lines, stream };
}

/** 1000 steps at 100 steps/s (one every 10 ms of the fake clock). */
function run(mode: 'bar' | 'json', isTTY = false) {
  const { lines, stream } = sink(isTTY);
  let t = 0;
  const r = createReporter(mode, stream, { intervalMs: 2000, now: () => t });
  r.start(1000, 'train');
  for (let step = 1; step <= 1000; step++) {
    t += 10;
    r.update(step, { loss: 1 / step, 'steps/s': 100 });
  }
  r.stop();
  return lines;
}

describe('progress without a TTY', () => {
  it('prints plain lines at a steady cadence with step, loss, steps/s and ETA (and the last step)', () => {
    const lines = run('bar');
    // The first update, then every 2 s of the 10 s run, then the last step.
    expect(lines.length).toBe(6);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\u001b'))).toBe(true);
    expect(lines[1]).toMatch(
      /^train: step 201\/1000 \(20%\) \| loss 0\.004975 \| 100 steps\/s \| ETA 8\.0s\n$/,
    );
    expect(lines.at(-1)).toMatch(
      /^train: step 1000\/1000 \(100%\) \| loss 0\.001000 \| 100 steps\/s \| done in 10\.0s\n$/,
    );
  });

  it('--json emits progress events at the same cadence, with steps/s and ETA', () => {
    const events = run('json').map((l) => JSON.parse(l) as Record<string, number | string>);
    expect(events.map((e) => e['step'])).toEqual([1, 201, 401, 601, 801, 1000]);
    expect(events[2]).toMatchObject({
      event: 'progress',
      job: 'train',
      total: 1000,
      stepsPerSecond: 100,
      eta: 6,
    });
    expect(events[2]!['loss']).toBeCloseTo(1 / 401);
  });

  it('a terminal still gets the bar (not the plain lines)', () => {
    const lines = run('bar', true);
    expect(lines.some((l) => l.includes('train |'))).toBe(true);
    expect(lines.some((l) => /^train: step/.test(l))).toBe(false);
  });
});
