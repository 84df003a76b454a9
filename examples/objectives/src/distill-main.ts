import { setUpBackend } from './backend.js';
import { distillTwoMoons, twoMoonsDistillTable } from './distill-two-moons.js';

await setUpBackend();
const result = await distillTwoMoons({ outDir: 'runs' });
process.stdout.write(
  `${twoMoonsDistillTable(result)}\n\nteacher run: ${result.runDir}\nresults: ${result.file}\n`,
);
