import { setUpBackend } from './backend.js';
import { consistencyTable, runConsistency } from './consistency.js';

await setUpBackend();
const seeds = process.argv.find((a) => a.startsWith('--seeds='))?.slice('--seeds='.length);
const r = await runConsistency(seeds ? { seeds: seeds.split(',').map(Number) } : {});
process.stdout.write(
  `${consistencyTable(r.runs)}\n| (training data vs held-out) | – | ${r.reference.slicedWasserstein.toFixed(4)} | ${r.reference.mmd2.toFixed(5)} | – |\n\ntable: ${r.json}\nplot: ${r.png}\n`,
);
