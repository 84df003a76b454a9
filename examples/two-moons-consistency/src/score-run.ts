import { modelFromCheckpoint } from '@udm/cli';
import { consistencyModule } from '@udm/consistency';
import { defaultModules } from '@udm/cli';
import { argument, setUpBackend } from './args.js';
import { scoreSteps } from './score-steps.js';

/**
 * Scores one consistency run at 1, 2 and 4 steps as `main.ts` does (same seed, same yardstick):
 *
 *   npx tsx examples/two-moons-consistency/src/score-run.ts --run=<run dir> [--name=CT]
 */
const run = argument('run');
if (!run) throw new Error('--run=<run dir>: expected the run directory of a consistency model');
await setUpBackend();
const model = await modelFromCheckpoint(run, { modules: [...defaultModules(), consistencyModule] });
const { rows, reference } = scoreSteps(model.udm, argument('name') ?? 'model', [1, 2, 4], 2000);
model.udm.dispose();
for (const r of rows)
  process.stdout.write(
    `| ${r.model} | ${r.steps} | ${(r.metrics['slicedWasserstein'] as number).toFixed(4)} | ${(r.metrics['mmd2'] as number).toFixed(5)} |\n`,
  );
process.stdout.write(`floor: ${JSON.stringify(reference)}\n`);
