// Run as a child process by webgpu-loader.test.ts (the Vulkan loader path must be set before a process starts):
// selects a backend (argv[2]: a name, or 'default' for the default order), runs one small matMul and prints JSON.
import * as tf from '@tensorflow/tfjs';
import { parseBackendName } from '../backend-name.js';
import { selectBackend } from '../select-backend.js';

const which = process.argv[2] ?? 'default';
const lines: string[] = [];
const selected = await selectBackend({
  ...(which === 'default' ? {} : { prefer: parseBackendName(which) }),
  log: (m) => lines.push(m),
  verbose: true,
});
const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
const product = tf.matMul(a, b);
const values = Array.from(await product.data());
let syncRead = 'ok';
const fresh = tf.add(product, 1); // not read yet (data() caches the values it read)
try {
  fresh.dataSync();
} catch (error) {
  syncRead = error instanceof Error ? error.message : String(error);
}
tf.dispose([a, b, product, fresh]);
process.stdout.write(
  JSON.stringify({
    name: selected.name,
    backend: tf.getBackend(),
    skipped: selected.skipped,
    lines,
    values,
    syncRead,
  }),
);
process.exit(0);
