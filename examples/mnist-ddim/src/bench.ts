import * as tf from '@tensorflow/tfjs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { defaultModules } from '@udm/cli';
import { createUdm } from '@udm/core';
import { ClassifierFreeGuidance, GaussianPosterior } from '@udm/gaussian';
import { cyclicLabels, defaultConfig } from './run-mnist-ddim.js';

/**
 * Speed of this example's model on the chosen backend: the training step (forward process, U-Net forward and
 * backward, Adam, EMA) at the config's batch size over `--steps` steps after 3 warm-up steps, and one sampling
 * evaluation G_t(x_t) at the config's sample count without and with classifier-free guidance (a batch of 2×count).
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const backend = arg('backend');
await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
const steps = Number(arg('steps') ?? 20);
const udm = createUdm(defaultConfig(), defaultModules());
await udm.train({ steps: 3 });
const summary = await udm.train({ steps: 3 + steps });
const batch = udm.config.train.batchSize;
const count = udm.config.sample.count;
const posterior = udm.posterior;
if (!(posterior instanceof GaussianPosterior)) throw new Error('bench: expected a Gaussian posterior');
const time = (run: () => tf.Tensor): number => {
  tf.tidy(run).dispose();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) tf.tidy(run).dispose();
  return (performance.now() - t0) / 3;
};
const x = tf.randomNormal([count, ...udm.data.train.itemShape]);
const labels = tf.tensor1d(cyclicLabels(count, 10), 'int32');
const plain = time(() => posterior.predict(x, 500, { labels }).x0);
const guided = time(() => new ClassifierFreeGuidance(posterior, { scale: 3 }).predict(x, 500, { labels }).x0);
const result = {
  backend: tf.getBackend(),
  train: { steps, batch, seconds: summary.seconds, stepsPerSecond: summary.stepsPerSecond },
  sampleEvaluationMs: { count, plain, guided },
};
console.log(JSON.stringify(result));
console.error(
  `${steps} training steps at batch ${batch}: ${summary.stepsPerSecond.toFixed(2)} steps/s; one G_t evaluation of ` +
    `${count} images: ${plain.toFixed(0)} ms, with CFG ${guided.toFixed(0)} ms`,
);
tf.dispose([x, labels]);
udm.dispose();
process.exit(0);
