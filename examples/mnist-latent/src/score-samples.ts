import { parseBackendName, loadSafetensorsFile, selectBackend } from '@udm/backend-tfjs';
import { mnistSplit } from '@udm/data';
import { digitYardstick } from './yardstick.js';

/**
 * Scores digits sampled from the command line (`udm sample` on a `latent` run writes the decoded images as tensor
 * `decoded` of samples-<step>-<n>.safetensors) with the example's yardstick: the same classifier, seed and held-out
 * digits as `npm start`, so the numbers compare with its table.
 *
 *   npx tsx src/score-samples.ts --samples=runs/latent-<stamp>/samples-ddim-50.safetensors
 */
function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const file = flag('samples');
  if (!file) throw new Error('--samples: expected a samples safetensors file written by udm sample');
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const loaded = await loadSafetensorsFile(file);
  const decoded = loaded.tensors.decoded ?? loaded.tensors.x0;
  if (!decoded || decoded.dtype !== 'F32' || decoded.shape.slice(1).join(',') !== '28,28,1')
    throw new Error(`${file}: expected a float tensor "decoded" (or "x0") of shape [n, 28, 28, 1]`);
  const pixels = mnistSplit({ train: 9000, heldOut: 1000, low: -1, high: 1, splitSeed: 0 });
  const yardstick = digitYardstick(pixels, [-1, 1], 0);
  try {
    const s = yardstick.score(decoded.data as Float32Array);
    console.log(
      JSON.stringify({
        samples: file,
        count: decoded.shape[0],
        confidence: s.confidence,
        classEntropy: s.classEntropy,
        frechet: s.frechet,
        histogram: s.histogram,
        classifierAccuracy: yardstick.accuracy,
      }),
    );
  } finally {
    yardstick.dispose();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`score-samples: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
