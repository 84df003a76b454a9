import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { defaultModules } from '@udm/cli';
import { createUdm } from '@udm/core';
import { defaultConfig } from './run-mnist-cold-blur.js';

/**
 * Training speed of this example's model on the chosen backend: the generic trainer (blur forward, U-Net forward and
 * backward, Adam, EMA) at the config's batch size, timed over `--steps` steps after 3 warm-up steps.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const backend = arg('backend');
await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
const steps = Number(arg('steps') ?? 20);
const udm = createUdm(defaultConfig(), defaultModules());
await udm.train({ steps: 3 });
const summary = await udm.train({ steps: 3 + steps });
const batch = udm.config.train.batchSize;
console.log(
  `${steps} steps at batch ${batch}: ${summary.seconds.toFixed(1)} s, ${summary.stepsPerSecond.toFixed(2)} steps/s ` +
    `(${(summary.stepsPerSecond * batch).toFixed(1)} images/s)`,
);
udm.dispose();
process.exit(0);
