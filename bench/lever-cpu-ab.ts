/**
 * In-process A/B of native levers by CPU time, for a loaded machine where wall-clock rows swing with the load:
 * `npx tsx bench/lever-cpu-ab.ts train|sample [rounds] [levers]` alternates, per round (order reversed every other
 * round), chunks of two-moons training (40 steps of core `train()`) or DDIM-50 sampling of 2,000 points with all
 * `levers` (comma-separated `NATIVE_LEVERS` names; default the three of the trainer) on, all off, and each one off;
 * it prints per arm the minimum and median process CPU time (user + system) per step or per sample run, the load
 * average before and after, and the tensor count before and after (it must not grow).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@udm/backend-tfjs';
import { setNativeLever } from '@udm/backend-native';
import { exampleUdm } from './cases/example-udm.js';

await selectBackend({ prefer: 'native', log: () => undefined });
const which = process.argv[2] === 'sample' ? 'sample' : 'train';
const rounds = Number(process.argv[3] ?? 10);
const levers = (process.argv[4] ?? 'sinusoidal-embedding,fused-ema,fused-grad-norm').split(',');
const arms: Array<[string, string[]]> = [
  ['all on', []],
  ['all off', levers],
  ...levers.map((l): [string, string[]] => [`${l} off`, [l]]),
];
const udm = exampleUdm('two-moons');
let steps = 0;
const chunk = async (): Promise<number> => {
  if (which === 'train') {
    steps += 40;
    await udm.train({ steps });
    return 40;
  }
  udm.sample({ count: 2000, steps: 50, grid: { kind: 'leading' }, step: { kind: 'ddim' } }).x0.dispose();
  return 1;
};
const set = (off: readonly string[]): void => levers.forEach((l) => setNativeLever(l, !off.includes(l)));
const times = new Map<string, number[]>(arms.map(([a]) => [a, []]));
for (const [, off] of arms) {
  set(off);
  await chunk(); // warm-up
}
const tensors = tf.memory().numTensors;
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(`${which}, ${rounds} rounds; load before ${load()}`);
for (let r = 0; r < rounds; r++)
  for (const [a, off] of r % 2 === 0 ? arms : [...arms].reverse()) {
    set(off);
    const c0 = process.cpuUsage();
    const n = await chunk();
    const c = process.cpuUsage(c0);
    times.get(a)!.push((c.user + c.system) / 1000 / n);
  }
set([]);
console.log(`load after ${load()}; tensors ${tensors} -> ${tf.memory().numTensors}`);
const median = (xs: readonly number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
const unit = which === 'train' ? 'ms CPU per step' : 'ms CPU per DDIM-50 run';
for (const [a, xs] of times)
  console.log(`${a.padEnd(28)} min ${Math.min(...xs).toFixed(3)}  median ${median(xs).toFixed(3)}  ${unit}`);
udm.dispose();
