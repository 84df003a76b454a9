import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import type { ProgressMode } from '@udm/cli';
import { checkpointFlag, flag, numberFlag } from './flags.js';
import { runMnistDdim, type MnistDdimResult } from './run-mnist-ddim.js';
import { modesOf, SAMPLERS, selectSamplers } from './samplers.js';

function table(r: MnistDdimResult, guidanceScale: number): string {
  const row = (
    name: string,
    s: {
      confidence: number;
      classEntropy: number;
      frechet: number;
      histogram: number[];
      labelAccuracy?: number;
    },
    secs?: number,
    evaluations?: number,
  ) =>
    `| ${name} | ${s.confidence.toFixed(3)} | ${s.classEntropy.toFixed(2)} bits | ${s.frechet.toFixed(1)} | ` +
    `${s.labelAccuracy === undefined ? '–' : `${(100 * s.labelAccuracy).toFixed(0)} %`} | ${s.histogram.join(' ')} | ` +
    `${evaluations ?? '–'} | ${secs === undefined ? '–' : `${secs.toFixed(1)} s`} |`;
  const train =
    r.trainSeconds !== undefined
      ? ` in ${r.trainSeconds.toFixed(0)} s (${r.trainStepsPerSecond!.toFixed(2)} steps/s, mean loss ${r.trainMeanLoss!.toFixed(4)})`
      : '';
  const rows = SAMPLERS.filter((s) => r.samples[s.id]).flatMap((s) =>
    modesOf(s, guidanceScale)
      .filter((m) => r.samples[s.id]![m.id])
      .map((m) => {
        const v = r.samples[s.id]![m.id]!;
        return row(`${s.name}, ${m.name}`, v, v.seconds, v.evaluations);
      }),
  );
  const nelbo = r.nelbo.map(
    (n) =>
      `| ${n.variance} | ${n.bitsPerDim.toFixed(3)} ± ${n.standardError?.toFixed(3) ?? '–'} | ${n.prior.toExponential(2)} | ` +
      `${n.diffusion.toFixed(3)} | ${n.decoder.toFixed(3)} | ${n.seconds.toFixed(0)} s |`,
  );
  return `
mnist-ddim: ${r.trainSteps} training steps${train}

${r.count} digits per sampler and conditioning (classifier accuracy on held-out digits ${(100 * r.classifierAccuracy).toFixed(1)} %):

| images | classifier confidence | class entropy | Fréchet distance | label accuracy | predicted classes 0–9 | G_t calls | time |
|---|---|---|---|---|---|---|---|
${row('held-out digits (all)', r.reference.heldOut)}
${row(`${r.count} training digits (the floor)`, r.reference.trainDigits)}
${rows.join('\n')}
${
  nelbo.length === 0
    ? ''
    : `
NELBO of ${r.nelbo[0]!.examples} held-out digits (unconditional model), ${r.nelbo[0]!.repeats} estimates × ${r.nelbo[0]!.timesteps ?? 'all T − 1'} drawn t (mean ± standard error):

| reverse variance | bits/dim | L_T | Σ L_{t−1} | L_0 | time |
|---|---|---|---|---|---|
${nelbo.join('\n')}
`
}
figures and results: ${r.runDir}/`;
}

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const guidanceScale = numberFlag('guidance') ?? 3;
  const steps = numberFlag('steps');
  const count = numberFlag('count');
  const checkpoint = checkpointFlag();
  const minutes = numberFlag('minutes');
  const samplers = flag('samplers');
  const nelboRepeats = numberFlag('nelbo-repeats');
  const nelboTimesteps = numberFlag('nelbo-timesteps');
  const r = await runMnistDdim({
    guidanceScale,
    ...(steps !== undefined ? { trainSteps: steps } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(minutes !== undefined ? { trainMinutes: minutes } : {}),
    // a subset writes its own results file, next to the full evaluation's results.json
    ...(samplers
      ? { samplers: selectSamplers(samplers), resultsFile: `results-${samplers.replaceAll(',', '+')}.json` }
      : {}),
    ...(nelboRepeats === 0
      ? { nelbo: false as const }
      : nelboRepeats !== undefined || nelboTimesteps !== undefined
        ? { nelbo: { examples: 64, repeats: nelboRepeats ?? 8, timesteps: nelboTimesteps ?? 16 } }
        : {}),
    ...(flag('progress') ? { progress: flag('progress') as ProgressMode } : {}),
  });
  console.log(table(r, guidanceScale));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`mnist-ddim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
