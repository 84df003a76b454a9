// Classifier-free and classifier guidance on MNIST, from the CLI's API: `udm train` of a small class-conditional
// model (label dropout), of a small unconditional model and of a noisy classifier p_φ(y | x_t, t), then `udm sample
// --label 0,1,…,9,0,…` at several scales, each sample set scored by the digit classifier of @udm/testing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { createUdm, deriveSeed, SeededRng } from '@udm/core';
import { defaultModules, sampleRun, trainRun, type ProgressMode } from '@udm/cli';
import { imageQuality, trainYardstick } from '@udm/testing';
import { flag, numberFlag } from './flags.js';

const data = { kind: 'mnist', train: 9000, heldOut: 1000, low: -1, high: 1 };
const process_ = { kind: 'vp', T: 1000, schedule: { kind: 'squaredcos_cap_v2' } };
const sample = {
  step: { kind: 'ddim', eta: 0, clipSample: true },
  grid: { kind: 'trailing' },
  steps: 50,
  count: 100,
};
const train = (steps: number, objective?: string) => ({
  steps,
  batchSize: 32,
  optimizer: { kind: 'adam', learningRate: 0.002 },
  gradClipNorm: 1,
  ema: objective ? 0 : 0.995,
  checkpointEvery: 200,
  ...(objective ? { objective: { kind: objective } } : {}),
});
const unet = (classConditional: boolean) => ({
  kind: 'unet',
  channels: [8, 16],
  resBlocks: 1,
  timeEmbedding: 16,
  groups: 4,
  classConditional,
});

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const steps = numberFlag('steps') ?? 600;
  const classifierSteps = numberFlag('classifier-steps') ?? 1000;
  const count = numberFlag('count') ?? 100;
  const progress = (flag('progress') ?? 'bar') as ProgressMode;
  const only = flag('only'); // "cfg" or "classifier"
  const outDir = join(process.env['INIT_CWD'] ?? process.cwd(), flag('out') ?? 'examples/mnist-ddim/runs');
  const seed = 0;
  const took: Record<string, number> = {};
  const trained = async (name: string, config: object): Promise<string> => {
    const began = performance.now();
    const r = await trainRun({ config, outDir, name, progress });
    r.udm.dispose();
    took[name] = (performance.now() - began) / 1000;
    console.log(`${name}: ${r.runDir} (${took[name]!.toFixed(0)} s, load ${loadAverage()})`);
    return r.runDir;
  };

  // the yardstick: a digit classifier trained on the training digits (not the noisy classifier that guides)
  const dataOnly = createUdm(
    { seed, data, process: process_, network: unet(false), posterior: { kind: 'epsilon' }, sample },
    defaultModules(),
  );
  const yardstick = trainYardstick(dataOnly.data, {
    rng: new SeededRng(deriveSeed(seed, 'example/classifier')),
  });
  dataOnly.dispose();
  const labels = Array.from({ length: count }, (_, i) => i % 10);
  const rows: Array<Record<string, unknown>> = [];
  const score = async (name: string, checkpoint: string, guidance: object | null) => {
    const r = await sampleRun({ checkpoint, labels, guidance, count, seed: 1, progress, checkMemory: false });
    const q = imageQuality(
      yardstick.classifier,
      r.samples,
      yardstick.heldOutView.features,
      Int32Array.from(labels),
    );
    const row = { name, guidance, ...q, seconds: r.seconds, figure: r.files.plot };
    rows.push(row);
    console.log(
      `| ${name} | ${(100 * q.labelAccuracy!).toFixed(0)} % | ${q.confidence.toFixed(3)} | ${q.frechet.toFixed(1)} | ${r.seconds.toFixed(0)} s |`,
    );
  };
  const results = () => ({
    steps,
    classifierSteps,
    count,
    took,
    yardstickAccuracy: yardstick.accuracy,
    rows,
  });
  const save = () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'guidance-results.json'), `${JSON.stringify(results(), null, 2)}\n`);
  };
  console.log(`yardstick accuracy on held-out digits ${(100 * yardstick.accuracy).toFixed(1)} %`);
  console.log('| samples | label accuracy | confidence | Fréchet distance | time |');
  if (only !== 'cfg') {
    const classifier = await trained('mnist-noisy-classifier', {
      seed,
      data,
      process: process_,
      network: { kind: 'mlp', hidden: [256, 128], timeEmbedding: 32 },
      posterior: { kind: 'noisy-classifier', classes: 10 },
      train: train(classifierSteps, 'noisy-classifier'),
      sample,
    });
    const model = await trained('mnist-unconditional', {
      seed,
      data,
      process: process_,
      network: unet(false),
      posterior: { kind: 'epsilon' },
      train: train(steps),
      sample,
    });
    for (const s of [0, 1, 3, 10]) {
      await score(`unconditional model, classifier guidance s = ${s}`, model, {
        kind: 'classifier',
        classifier,
        scale: s,
      });
      save();
    }
  }
  if (only !== 'classifier') {
    const model = await trained('mnist-cfg', {
      seed,
      data,
      process: process_,
      network: unet(true),
      posterior: { kind: 'epsilon', labelDropout: 0.1 },
      train: train(steps),
      sample,
    });
    for (const w of [0, 1, 3]) {
      await score(`conditional model, classifier-free w = ${w}`, model, {
        kind: 'classifier-free',
        scale: w,
      });
      save();
    }
  }
  yardstick.dispose();
  save();
  console.log(`results: ${join(outDir, 'guidance-results.json')}`);
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`mnist-ddim guidance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
