import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import type { ProgressMode } from '@udm/cli';
import { runMnistColdBlur, type MnistColdBlurResult } from './run-mnist-cold-blur.js';

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function table(r: MnistColdBlurResult): string {
  const g = r.generation;
  const rec = (name: string, s: { mse: number; psnr: number; meanImagePsnr: number }, secs?: number) =>
    `| ${name} | ${s.mse.toFixed(5)} | ${s.psnr.toFixed(2)} dB | ${s.meanImagePsnr.toFixed(2)} dB | ${secs === undefined ? '–' : `${secs.toFixed(1)} s`} |`;
  const gen = (
    name: string,
    s: { confidence: number; classEntropy: number; frechet: number; histogram: number[] },
    secs?: number,
  ) =>
    `| ${name} | ${s.confidence.toFixed(3)} | ${s.classEntropy.toFixed(2)} bits | ${s.frechet.toFixed(2)} | ${s.histogram.join(' ')} | ${secs === undefined ? '–' : `${secs.toFixed(1)} s`} |`;
  return `
mnist-cold-blur: ${r.trainSteps} training steps${r.trainSeconds !== undefined ? ` in ${r.trainSeconds.toFixed(0)} s (${r.trainStepsPerSecond!.toFixed(2)} steps/s)` : ''}

${r.deblur
  .map(
    (d) => `Deblurring ${d.count} held-out digits from x_t = D(x0, ${d.level}) (pixels in [0, 1]):

| reconstruction | MSE | PSNR | mean per-image PSNR | time |
|---|---|---|---|---|
${rec(`blurred input x_${d.level}`, d.blurred)}
${rec(`direct x̂0 = G_${d.level}(x_${d.level})`, d.direct)}
${Object.entries(d.samplers)
  .map(([n, s]) => rec(n, s, s.seconds))
  .join('\n')}
`,
  )
  .join('\n')}
Generation, ${g.count} digits per sampler (classifier accuracy on held-out digits ${(100 * g.classifierAccuracy).toFixed(1)} %):

| images | classifier confidence | class entropy | Fréchet distance (classifier features) | class histogram 0–9 | time |
|---|---|---|---|---|---|
${gen('held-out digits', g.heldOut)}
${gen('x_T from the prior', g.prior)}
${Object.entries(g.samplers)
  .map(([n, s]) => gen(n, s, s.seconds))
  .join('\n')}

figures: ${r.figures.deblur}, ${r.figures.generation}
results: ${r.runDir}/results.json`;
}

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const steps = flag('steps');
  const checkpoint = flag('checkpoint');
  const config = flag('config');
  const r = await runMnistColdBlur({
    ...(config
      ? {
          config: JSON.parse(readFileSync(config, 'utf8')) as unknown,
          name: `mnist-cold-${basename(config, '.json')}`,
        }
      : {}),
    ...(steps ? { trainSteps: Number(steps) } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(flag('deblur') ? { deblurCount: Number(flag('deblur')) } : {}),
    ...(flag('generate') ? { generateCount: Number(flag('generate')) } : {}),
    ...(flag('progress') ? { progress: flag('progress') as ProgressMode } : {}),
  });
  console.log(table(r));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`mnist-cold-blur: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
