/**
 * Wasm before/after the kernel fixes: MLP 3→256×3→2 (batch 1024, Adam) steps/s and 1024² matMul
 * GFLOP/s with each transpose flag. Run: `npx tsx packages/backend-tfjs/bench/matmul.ts [--cpu]`.
 * Writes one JSON object to stdout (progress goes to stderr). Compare only numbers from one run.
 */
import * as tf from '@tensorflow/tfjs';
import { installWasmFixes, uninstallWasmFixes } from '../src/install-wasm-fixes.js';
import { selectBackend } from '../src/select-backend.js';

const BATCH = 1024;
const WIDTH = 256;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomTensor(shape: number[], scale: number, rand: () => number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rand() * scale),
    shape,
  );
}

interface Mlp {
  vars: tf.Variable[];
  loss(x: tf.Tensor, y: tf.Tensor): tf.Scalar;
}

function makeMlp(seed: number): Mlp {
  const rand = seeded(seed);
  const sizes = [3, WIDTH, WIDTH, WIDTH, 2];
  const vars: tf.Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    vars.push(tf.variable(randomTensor([fanIn, sizes[i + 1]!], 2 / Math.sqrt(fanIn), rand)));
    vars.push(tf.variable(tf.zeros([sizes[i + 1]!])));
  }
  return {
    vars,
    loss: (x, y) =>
      tf.tidy(() => {
        let h = x;
        for (let i = 0; i < vars.length; i += 2) {
          h = tf.add(tf.matMul(h, vars[i]!), vars[i + 1]!);
          if (i + 2 < vars.length) h = tf.relu(h);
        }
        return tf.losses.meanSquaredError(y, h) as tf.Scalar;
      }),
  };
}

/** Steps/s of Adam on the MLP, and the first losses (for equality across variants). */
async function mlpStepsPerSecond(): Promise<{
  stepsPerSecond: number;
  steps: number;
  firstLosses: number[];
}> {
  const rand = seeded(7);
  const x = randomTensor([BATCH, 3], 2, rand);
  const y = randomTensor([BATCH, 2], 2, rand);
  const mlp = makeMlp(1);
  const opt = tf.train.adam(1e-3);
  const step = (): number => {
    const loss = opt.minimize(() => mlp.loss(x, y), true, mlp.vars)!;
    const v = loss.dataSync()[0]!;
    loss.dispose();
    return v;
  };
  const firstLosses = [step(), step(), step(), step(), step()];
  const numTensors = tf.memory().numTensors;
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    step();
    steps++;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (tf.memory().numTensors !== numTensors) throw new Error('tensor leak in the MLP step');
  opt.dispose();
  tf.dispose([x, y, ...mlp.vars]);
  return { stepsPerSecond: steps / seconds, steps, firstLosses };
}

/** GFLOP/s of a 1024² matMul with the given flags. */
function matMulGflops(transposeA: boolean, transposeB: boolean): number {
  const n = 1024;
  const rand = seeded(3);
  const a = randomTensor([n, n], 1, rand);
  const b = randomTensor([n, n], 1, rand);
  const run = (): void => tf.tidy(() => void tf.matMul(a, b, transposeA, transposeB).dataSync());
  run();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < Math.min(SECONDS, 3) * 1000 || reps < 2) {
    run();
    reps++;
  }
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * reps) / seconds / 1e9;
}

async function measure(label: string): Promise<Record<string, unknown>> {
  process.stderr.write(`measuring ${label}…\n`);
  const mlp = await mlpStepsPerSecond();
  const gflops: Record<string, number> = {};
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
  ] as const) {
    gflops[`transposeA=${ta},transposeB=${tb}`] = Number(matMulGflops(ta, tb).toFixed(2));
  }
  return {
    mlpStepsPerSecond: Number(mlp.stepsPerSecond.toFixed(2)),
    mlpSteps: mlp.steps,
    firstLosses: mlp.firstLosses,
    matMul1024Gflops: gflops,
  };
}

const selected = await selectBackend({ prefer: 'wasm', log: (m) => process.stderr.write(`${m}\n`) });
uninstallWasmFixes();
const stock = await measure('wasm (stock kernels)');
const fixes = installWasmFixes();
const fixed = await measure('wasm (with fixes)');
const result: Record<string, unknown> = {
  node: process.version,
  backend: selected.tfBackendName,
  secondsPerMeasurement: SECONDS,
  mlp: `3→${WIDTH}×3→2, batch ${BATCH}, Adam, relu, MSE`,
  fixes,
  stock,
  fixed,
  mlpSpeedup: Number(
    ((fixed['mlpStepsPerSecond'] as number) / (stock['mlpStepsPerSecond'] as number)).toFixed(2),
  ),
};
if (process.argv.includes('--cpu')) {
  await tf.setBackend('cpu');
  result['cpu'] = await measure('cpu');
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
