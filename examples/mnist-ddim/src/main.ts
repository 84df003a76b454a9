import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import type { ProgressMode } from '@udm/cli';
import { runMnistDdim, type MnistDdimResult } from './run-mnist-ddim.js';
import { conditioningModes, SAMPLERS } from './samplers.js';

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function numberFlag(name: string): number | undefined {
  const v = flag(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RangeError(`--${name}: expected a number, got "${v}"`);
  return n;
}

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
  ) =>
    `| ${name} | ${s.confidence.toFixed(3)} | ${s.classEntropy.toFixed(2)} bits | ${s.frechet.toFixed(1)} | ` +
    `${s.labelAccuracy === undefined ? '–' : `${(100 * s.labelAccuracy).toFixed(0)} %`} | ${s.histogram.join(' ')} | ` +
    `${secs === undefined ? '–' : `${secs.toFixed(1)} s`} |`;
  const train =
    r.trainSeconds !== undefined
      ? ` in ${r.trainSeconds.toFixed(0)} s (${r.trainStepsPerSecond!.toFixed(2)} steps/s, mean loss ${r.trainMeanLoss!.toFixed(4)})`
      : '';
  const rows = SAMPLERS.filter((s) => r.samples[s.id]).flatMap((s) =>
    conditioningModes(guidanceScale).map((m) => {
      const v = r.samples[s.id]![m.id]!;
      return row(`${s.name}, ${m.name}`, v, v.seconds);
    }),
  );
  return `
mnist-ddim: ${r.trainSteps} training steps${train}

${r.count} digits per sampler and conditioning (classifier accuracy on held-out digits ${(100 * r.classifierAccuracy).toFixed(1)} %):

| images | classifier confidence | class entropy | Fréchet distance | label accuracy | predicted classes 0–9 | time |
|---|---|---|---|---|---|---|
${row('held-out digits (all)', r.reference.heldOut)}
${row(`${r.count} training digits (the floor)`, r.reference.trainDigits)}
${rows.join('\n')}

figures and results: ${r.runDir}/`;
}

async function main(): Promise<void> {
  const backend = flag('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const guidanceScale = numberFlag('guidance') ?? 3;
  const steps = numberFlag('steps');
  const count = numberFlag('count');
  const checkpoint = flag('checkpoint');
  const minutes = numberFlag('minutes');
  const r = await runMnistDdim({
    guidanceScale,
    ...(steps !== undefined ? { trainSteps: steps } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(minutes !== undefined ? { trainMinutes: minutes } : {}),
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
