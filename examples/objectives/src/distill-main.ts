import { setUpBackend } from './backend.js';
import { distillTable, distillTwoMoons } from './distill-two-moons.js';

await setUpBackend();
const result = await distillTwoMoons({ outDir: 'runs' });
process.stdout.write(
  `${distillTable(result.rows)}\n\nteacher run: ${result.runDir}\nresults: ${result.file}\n`,
);
