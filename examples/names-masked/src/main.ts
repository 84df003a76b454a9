import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { runNames, type SamplerResult } from './run-names.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const backend = arg('backend');
  const steps = arg('steps');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const objective = arg('objective');
  const r = await runNames({
    ...(steps ? { trainSteps: Number(steps) } : {}),
    ...(objective ? { objective } : {}),
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const row = (s: SamplerResult) =>
    `| ${s.step.kind}, ${s.steps} steps | ${s.seconds.toFixed(1)} s | ${pct(s.novel)} | ${pct(s.inHeldOut)} | ` +
    `${pct(s.distinct)} | ${pct(s.malformed)} | ${s.unigramTv.toFixed(3)} | ${s.bigramTv.toFixed(3)} |`;
  console.log(`
names-masked: ${r.trainSteps} steps in ${r.trainSeconds.toFixed(1)} s (${r.trainStepsPerSecond.toFixed(2)} steps/s)
load average (1, 5, 15 min) before training ${r.loadBefore.map((v) => v.toFixed(1)).join(', ')}, after ${r.loadAfter.map((v) => v.toFixed(1)).join(', ')}

held-out names (${r.nelbo.sequences}, ${r.nelbo.characters} characters):
  masked diffusion NELBO   ${r.nelbo.bitsPerChar.toFixed(3)} ± ${r.nelbo.bitsPerCharStdError.toFixed(3)} bits/char
  unigram entropy (train)  ${r.trainEntropyBits.toFixed(3)} bits/char
  unigram baseline         ${r.unigramBits.toFixed(3)} bits/char
  bigram baseline          ${r.bigramBits.toFixed(3)} bits/char
${r.kneserNey.map((k) => `  Kneser-Ney order ${k.order}       ${k.bitsPerChar.toFixed(3)} bits/char`).join('\n')}

| sampler (1,000 names) | time | novel | in held-out | distinct | malformed | unigram TV | bigram TV |
|---|---|---|---|---|---|---|---|
${r.samplers.map(row).join('\n')}
| (1,000 training names) | – | 0 % | – | – | – | ${r.reference.unigramTv.toFixed(3)} | ${r.reference.bigramTv.toFixed(3)} |
`);
  for (const s of r.samplers) {
    console.log(`${s.step.kind}: ${s.shown.join(', ')}`);
    console.log(
      `  (of these 20: ${s.shownNovel} novel, ${20 - s.shownNovel} copied from the training names)`,
    );
  }
  console.log(`\nrun directory: ${r.runDir} (results.json, checkpoint.safetensors, metrics.jsonl)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`names-masked: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
