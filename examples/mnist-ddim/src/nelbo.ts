import { join } from 'node:path';
import { parseBackendName, selectBackend, writeFileAtomic } from '@udm/backend-tfjs';
import { deriveSeed } from '@udm/core';
import { checkpointFlag, flag, numberFlag } from './flags.js';
import { heldOutNelbo } from './held-out-nelbo.js';
import { trainedModel } from './run-mnist-ddim.js';

/**
 * The held-out NELBO of a trained run with every one of the T − 1 KL terms (no Monte-Carlo over t), per reverse
 * variance: `npm run nelbo -w @udm/example-mnist-ddim -- --checkpoint=<run> [--examples=64]`. Writes
 * `nelbo-all-t.json` next to the checkpoint. Same seed as the main evaluation's estimate.
 */
const backend = flag('backend');
await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
const checkpoint = checkpointFlag();
if (!checkpoint) throw new Error('--checkpoint: expected a run directory or checkpoint file');
const examples = numberFlag('examples') ?? 64;
const { udm, runDir } = await trainedModel({ checkpoint });
try {
  const results = ['fixed_small', 'fixed_large'].map((variance) => {
    const r = heldOutNelbo(udm, {
      variance,
      examples,
      repeats: 1,
      seed: deriveSeed(udm.config.seed, 'example/nelbo'),
    });
    console.error(
      `${variance}: ${r.bitsPerDim.toFixed(4)} bits/dim (L_T ${r.prior.toExponential(2)}, Σ L_{t−1} ` +
        `${r.diffusion.toFixed(4)}, L_0 ${r.decoder.toFixed(4)}) in ${r.seconds.toFixed(0)} s`,
    );
    return r;
  });
  await writeFileAtomic(join(runDir, 'nelbo-all-t.json'), Buffer.from(JSON.stringify(results, null, 2)));
  console.log(JSON.stringify(results));
} finally {
  udm.dispose();
}
process.exit(0);
