/**
 * Wasm conv net training step (Adam), with the stock scalar-loop Conv2DBackpropInput vs the
 * XNNPACK-based fix (stock wasm has no Conv2DBackpropFilter at all, so that fix is on in both).
 * Run: `npx tsx packages/backend-tfjs/bench/conv.ts`; JSON on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import { installWasmFixes } from '../src/install-wasm-fixes.js';
import { selectBackend } from '../src/select-backend.js';
import { conv2DBackpropInputFix } from '../src/wasm-fixes/conv2d-backprop-input.js';
import { uninstallWasmFix } from '../src/wasm-fixes/wasm-fix.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const [BATCH, SIZE] = [32, 28];

function net(): { vars: tf.Variable[]; loss: (x: tf.Tensor4D) => tf.Scalar } {
  const shapes: Array<[number, number, number, number]> = [
    [3, 3, 1, 16],
    [3, 3, 16, 32],
    [3, 3, 32, 32],
  ];
  const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 0.2, 'float32', i + 1)));
  const strides = [1, 2, 2];
  return {
    vars,
    loss: (x) =>
      tf.tidy(() => {
        let h: tf.Tensor4D = x;
        vars.forEach((f, i) => {
          h = tf.relu(tf.conv2d(h, f as tf.Tensor4D, strides[i]!, 'same'));
        });
        return h.square().mean() as tf.Scalar;
      }),
  };
}

async function stepsPerSecond(): Promise<{ msPerStep: number; steps: number; firstLosses: number[] }> {
  const x = tf.randomNormal([BATCH, SIZE, SIZE, 1], 0, 1, 'float32', 42) as tf.Tensor4D;
  const model = net();
  const opt = tf.train.adam(1e-3);
  const step = (): number => {
    const loss = opt.minimize(() => model.loss(x), true, model.vars)!;
    const v = loss.dataSync()[0]!;
    loss.dispose();
    return v;
  };
  const firstLosses = [step(), step(), step()];
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    step();
    steps++;
  }
  const ms = (performance.now() - t0) / steps;
  opt.dispose();
  tf.dispose([x, ...model.vars]);
  return { msPerStep: Number(ms.toFixed(1)), steps, firstLosses };
}

await selectBackend({ prefer: 'wasm', log: (m) => process.stderr.write(`${m}\n`) });
uninstallWasmFix(conv2DBackpropInputFix);
const stockBackpropInput = await stepsPerSecond();
installWasmFixes();
const fixed = await stepsPerSecond();
process.stdout.write(
  `${JSON.stringify(
    {
      node: process.version,
      net: `conv 3×3 1→16 s1, 16→32 s2, 32→32 s2 (relu, same), input ${BATCH}×${SIZE}×${SIZE}×1, Adam`,
      stockConv2DBackpropInput: stockBackpropInput,
      allFixes: fixed,
      speedup: Number((stockBackpropInput.msPerStep / fixed.msPerStep).toFixed(2)),
    },
    null,
    2,
  )}\n`,
);
