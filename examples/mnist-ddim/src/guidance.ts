// Classifier-free and classifier guidance on MNIST, from the CLI's API: `udm train` of a class-conditional U-Net
// (label dropout) and of a noisy classifier p_φ(y | x_t, t), then `udm sample --label 0,1,…,9,0,…` at several
// scales — classifier guidance of the U-Net's null label ε̂(x_t, ∅) (the unconditional model; s = 0 is the unguided
// baseline, the same samples as classifier-free w = 0) and classifier-free guidance — each sample set scored by the
// digit classifier of @udm/testing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { createUdm, deriveSeed, SeededRng } from '@udm/core';
import { defaultModules, sampleRun, trainRun, type ProgressMode } from '@udm/cli';
import { imageQuality, trainYardstick } from '@udm/testing';
import { flag, numberFlag } from './flags.js';
import { defaultConfig } from './run-mnist-ddim.js';
import { noisyClassifierAccuracy } from './noisy-classifier-accuracy.js';
import { selectSamplers } from './samplers.js';

// this example's config.json: data, process and the U-Net (channels 16/32/32) of the main example
const base = defaultConfig() as {
  data: object;
  process: object;
  network: Record<string, unknown>;
  train: Record<string, unknown>;
};
const { data } = base;
const process_ = base.process;
const sample = {
  step: { kind: 'ddim', eta: 0, clipSample: true },
  grid: { kind: 'trailing' },
  steps: 50,
  count: 100,
};
const train = (steps: number, objective?: string) => ({
  ...base.train,
  steps,
  ema: objective ? 0 : base.train['ema'],
  ...(objective ? { objective: { kind: objective } } : {}),
});
// --channels=8,16 (a smaller U-Net) or the config's
const unet = (classConditional: boolean) => {
  const channels = flag('channels');
  return {
    ...base.network,
    ...(channels ? { channels: channels.split(',').map(Number), groups: 4 } : {}),
    classConditional,
  };
};
/** `--name=a,b,c` as numbers, or `fallback`. */
const scales = (name: string, fallback: number[]): number[] => {
  const v = flag(name);
  if (v === undefined) return fallback;
  if (v === '') return [];
  return v.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isFinite(n)) throw new RangeError(`--${name}: expected numbers, got "${v}"`);
    return n;
  });
};
/** A run given on the command line (relative to where `npm run` was typed), or undefined. */
const runFlag = (name: string): string | undefined => {
  const v = flag(name);
  return v && resolve(process.env['INIT_CWD'] ?? process.cwd(), v);
};

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const steps = numberFlag('steps') ?? (base.train['steps'] as number);
  const classifierSteps = numberFlag('classifier-steps') ?? 3000;
  const count = numberFlag('count') ?? 100;
  const progress = (flag('progress') ?? 'bar') as ProgressMode;
  const only = flag('only'); // "cfg" or "classifier"
  // the sampler, among src/samplers.ts's (default DDPM-100: the stochastic sampler the main example found best)
  const [sampler] = selectSamplers(flag('sampler') ?? 'ddpm-100');
  // --sampling-steps=N: the sampler's step on N times of its grid (e.g. DDPM-50) instead of its own count
  const samplingSteps = numberFlag('sampling-steps') ?? sampler!.steps;
  const samplerName =
    samplingSteps === sampler!.steps
      ? sampler!.name
      : `${sampler!.id.split('-')[0]!.toUpperCase()}-${samplingSteps}`;
  // --classifier-model=conditional: classifier guidance of ε̂(x_t, y) instead of the null label's ε̂(x_t, ∅)
  const classifierModel = flag('classifier-model') ?? 'unconditional';
  if (classifierModel !== 'unconditional' && classifierModel !== 'conditional')
    throw new RangeError(
      `--classifier-model: expected conditional or unconditional, got "${classifierModel}"`,
    );
  const classifierScales = scales('classifier-scales', [0, 1, 2, 4, 8]);
  const cfgScales = scales('cfg-scales', [1, 2, 3, 5]);
  const outDir = join(process.env['INIT_CWD'] ?? process.cwd(), flag('out') ?? 'examples/mnist-ddim/runs');
  const seed = 0;
  const took: Record<string, number> = {};
  const runs: Record<string, string> = {};
  let classifierAccuracy: Array<{ t: number; accuracy: number }> = [];
  // a trained run given as --<name>-run=<dir> is sampled as it is; otherwise it is trained here
  const trained = async (name: string, given: string | undefined, config: object): Promise<string> => {
    if (given) return (runs[name] = given);
    const began = performance.now();
    const r = await trainRun({ config, outDir, name, progress });
    r.udm.dispose();
    took[name] = (performance.now() - began) / 1000;
    console.log(`${name}: ${r.runDir} (${took[name]!.toFixed(0)} s, load ${loadAverage()})`);
    return (runs[name] = r.runDir);
  };

  // the yardstick: a digit classifier trained on the training digits (not the noisy classifier that guides)
  const dataOnly = createUdm(
    { seed, data, process: process_, network: unet(false), posterior: { kind: 'epsilon' }, sample },
    defaultModules(),
  );
  const yardstick = trainYardstick(dataOnly.data, {
    rng: new SeededRng(deriveSeed(seed, 'example/classifier')),
  });
  // the floor of the Fréchet distance for `count` images: as many real training digits, scored like the samples
  const pixels = dataOnly.data.train.itemShape.reduce((a, b) => a * b, 1);
  const floor = imageQuality(
    yardstick.classifier,
    dataOnly.data.train.toArray().subarray(0, count * pixels),
    yardstick.heldOutView.features,
  );
  dataOnly.dispose();
  const labels = Array.from({ length: count }, (_, i) => i % 10);
  const rows: Array<Record<string, unknown>> = [];
  const score = async (name: string, checkpoint: string, guidance: object | null) => {
    const r = await sampleRun({
      checkpoint,
      labels,
      guidance,
      count,
      seed: 1,
      progress,
      checkMemory: false,
      ...(sampler!.step ? { step: sampler!.step } : {}),
      ...(sampler!.sampler ? { sampler: sampler!.sampler } : {}),
      ...(sampler!.grid ? { grid: sampler!.grid } : {}),
      steps: samplingSteps,
    });
    const q = imageQuality(
      yardstick.classifier,
      r.samples,
      yardstick.heldOutView.features,
      Int32Array.from(labels),
    );
    const row = { name, guidance, ...q, seconds: r.seconds, load: loadAverage(), figure: r.files.plot };
    rows.push(row);
    console.log(
      `| ${name} | ${(100 * q.labelAccuracy!).toFixed(0)} % | ${q.confidence.toFixed(3)} | ${q.classEntropy.toFixed(2)} bits | ${q.frechet.toFixed(1)} | ${r.seconds.toFixed(0)} s |`,
    );
  };
  const results = () => ({
    sampler: { id: sampler!.id, steps: samplingSteps },
    classifierAccuracy,
    steps,
    classifierSteps,
    count,
    runs,
    took,
    yardstickAccuracy: yardstick.accuracy,
    trainingDigits: floor,
    rows,
  });
  const save = () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'guidance-results.json'), `${JSON.stringify(results(), null, 2)}\n`);
  };
  console.log(`yardstick accuracy on held-out digits ${(100 * yardstick.accuracy).toFixed(1)} %`);
  console.log(
    `${count} training digits (the floor): confidence ${floor.confidence.toFixed(3)}, class entropy ${floor.classEntropy.toFixed(2)} bits, Fréchet distance ${floor.frechet.toFixed(1)}`,
  );
  console.log(
    `| ${samplerName}, ${count} samples | label accuracy | confidence | class entropy | Fréchet distance | time |`,
  );
  // one class-conditional U-Net trained with label dropout: its null label ε̂(x_t, ∅) is the unconditional model that
  // classifier guidance steers (`model: "unconditional"`), its labels the conditional one of classifier-free guidance
  const model = await trained('mnist-conditional', runFlag('model-run'), {
    seed,
    data,
    process: process_,
    network: unet(true),
    posterior: { kind: 'epsilon', labelDropout: 0.1 },
    train: train(steps),
    sample,
  });
  if (only !== 'cfg') {
    const classifier = await trained('mnist-noisy-classifier', runFlag('classifier-run'), {
      seed,
      data,
      process: process_,
      network: { kind: 'mlp', hidden: [256, 128], timeEmbedding: 32 },
      posterior: { kind: 'noisy-classifier', classes: 10 },
      train: train(classifierSteps, 'noisy-classifier'),
      sample,
    });
    // the guiding classifier's own accuracy on the held-out digits, by noise level t
    classifierAccuracy = await noisyClassifierAccuracy(classifier, [0, 250, 500, 750, 900, 999]);
    console.log(
      `noisy classifier accuracy on held-out x_t: ${classifierAccuracy.map((a) => `t = ${a.t}: ${(100 * a.accuracy).toFixed(1)} %`).join(', ')}`,
    );
    for (const s of classifierScales) {
      await score(
        `${classifierModel === 'unconditional' ? 'ε̂(x_t, ∅)' : 'ε̂(x_t, y)'} + classifier guidance s = ${s}`,
        model,
        {
          kind: 'classifier',
          classifier,
          scale: s,
          model: classifierModel,
        },
      );
      save();
    }
  }
  if (only !== 'classifier') {
    for (const w of cfgScales) {
      await score(`classifier-free guidance w = ${w}`, model, { kind: 'classifier-free', scale: w });
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
