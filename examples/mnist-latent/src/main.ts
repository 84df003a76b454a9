import { readFileSync } from 'node:fs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import type { ImageQuality } from '@udm/testing';
import { runMnistLatent, type MnistLatentResult } from './run-mnist-latent.js';

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function row(name: string, s: ImageQuality, time = '–'): string {
  return (
    `| ${name} | ${s.confidence.toFixed(3)} | ${s.classEntropy.toFixed(2)} bits | ${s.frechet.toFixed(1)} | ` +
    `${s.histogram.join(' ')} | ${time} |`
  );
}

function report(r: MnistLatentResult): string {
  const a = r.autoencoder;
  const d = r.diffusion;
  const s = r.samples;
  return (
    `
mnist-latent
autoencoder: ${a.steps} steps in ${a.seconds.toFixed(0)} s, batch MSE ${a.firstLoss.toFixed(4)} → ${a.lastLoss.toFixed(4)}; ` +
    `reconstruction MSE held-out ${a.heldOutMse.toFixed(4)}, train ${a.trainMse.toFixed(4)} (pixels in [−1, 1]); ` +
    `latent d = ${a.latentSize}, per-coordinate scale ${Math.min(...a.scaling.scale).toFixed(3)}–${Math.max(...a.scaling.scale).toFixed(3)}
latent diffusion: ${d.steps} steps in ${d.seconds.toFixed(0)} s (mean ε-MSE ${d.meanLoss.toFixed(4)})

${r.count} digits (classifier accuracy on held-out digits ${(100 * r.classifierAccuracy).toFixed(1)} %):

| images | classifier confidence | class entropy | Fréchet distance | predicted classes 0–9 | time |
|---|---|---|---|---|---|
${row('held-out digits (all)', r.reference.heldOut)}
${row(`${r.count} training digits (the floor)`, r.reference.trainDigits)}
${row(`${r.count} held-out digits through D(E(x))`, r.reference.reconstructions)}
${row(`latent DDIM-${d.samplingSteps}, decoded`, s, `${s.samplingSeconds.toFixed(2)} s + decode ${s.decodeSeconds.toFixed(2)} s`)}

figures and results: ${r.runDir}/`
  );
}

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const config = flag('config');
  console.log(
    report(
      await runMnistLatent(config ? { config: JSON.parse(readFileSync(config, 'utf8')) as unknown } : {}),
    ),
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`mnist-latent: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
