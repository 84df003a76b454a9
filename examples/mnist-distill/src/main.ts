import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { commandContext, trainRun, type ProgressMode } from '@udm/cli';
import { distillRun } from '@udm/gaussian';
import { mnistDistillTable } from './mnist-table.js';

// `npm start` = `udm train --config teacher.json` then `udm distill -k <run> --config distill.json`, plus the table.
const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    checkpoint: { type: 'string' },
    progress: { type: 'string', default: 'bar' },
  },
});
const json = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
await selectBackend(values.backend ? { prefer: parseBackendName(values.backend) } : {});
const progress = values.progress as ProgressMode;
let runDir = values.checkpoint;
if (runDir === undefined) {
  const trained = await trainRun({
    config: json('teacher.json'),
    outDir: 'runs',
    name: 'mnist-teacher',
    progress,
  });
  trained.udm.dispose();
  runDir = trained.runDir;
}
const result = await distillRun(
  { checkpoint: runDir, config: json('distill.json') },
  commandContext({ progress }),
);
process.stdout.write(`${mnistDistillTable(result)}\n\nteacher run: ${runDir}\nresults: ${result.file}\n`);
