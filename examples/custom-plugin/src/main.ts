import { readFileSync } from 'node:fs';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultModules, sampleRun, trainRun } from '@udm/cli';
import { vePlugin } from './ve-plugin.js';

await selectBackend();
const config = JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as unknown;
const modules = [...defaultModules(), vePlugin];
const trained = await trainRun({ config, modules, outDir: 'runs', name: 've-plugin' });
for (const step of [{ kind: 'recovered-noise' }, { kind: 'interpolated-noise', sigmaTilde: 0.5 }]) {
  const r = await sampleRun({ udm: trained.udm, outDir: trained.runDir, step, steps: 100 });
  console.log(
    `${step.kind}: sliced W1 ${r.metrics?.slicedWasserstein.toFixed(4)} (data vs data ${r.metrics?.reference.slicedWasserstein.toFixed(4)}), plot ${r.files.plot}`,
  );
}
trained.udm.dispose();
process.exit(0);
