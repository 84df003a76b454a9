import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { readFileSync } from 'node:fs';
import { runMobyDick } from './run-moby-dick.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const backend = arg('backend');
  const steps = arg('steps');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const objective = arg('objective');
  const count = arg('count');
  const config = arg('config');
  const r = await runMobyDick({
    ...(config ? { config: JSON.parse(readFileSync(config, 'utf8')) as unknown } : {}),
    ...(count ? { count: Number(count) } : {}),
    ...(steps ? { trainSteps: Number(steps) } : {}),
    ...(objective ? { objective } : {}),
  });
  console.log(
    `
moby-dick-masked: ${r.trainSteps} steps (${r.trainWindows} training windows of 64 characters) in ` +
      `${r.trainSeconds.toFixed(1)} s (${r.trainStepsPerSecond.toFixed(2)} steps/s)
load average (1, 5, 15 min) before training ${r.loadBefore.map((v) => v.toFixed(1)).join(', ')}, after ${r.loadAfter.map((v) => v.toFixed(1)).join(', ')}

held-out chapters (${r.nelbo.sequences} windows, ${r.nelbo.characters} characters):
  masked diffusion NELBO   ${r.nelbo.bitsPerChar.toFixed(3)} ± ${r.nelbo.bitsPerCharStdError.toFixed(3)} bits/char
  unigram entropy (train)  ${r.trainEntropyBits.toFixed(3)} bits/char
  unigram baseline         ${r.unigramBits.toFixed(3)} bits/char
  bigram baseline          ${r.bigramBits.toFixed(3)} bits/char
${r.kneserNey.map((k) => `  Kneser-Ney order ${k.order}       ${k.bitsPerChar.toFixed(3)} bits/char`).join('\n')}

| sampler (${r.count} windows) | time | unigram TV | bigram TV |
|---|---|---|---|
${r.generated.map((g) => `| ${g.sampler} | ${g.seconds.toFixed(1)} s | ${g.unigramTv.toFixed(3)} | ${g.bigramTv.toFixed(3)} |`).join('\n')}
| (${r.count} training windows) | – | ${r.reference.unigramTv.toFixed(3)} | ${r.reference.bigramTv.toFixed(3)} |
`,
  );
  for (const g of r.generated) {
    console.log(`${g.sampler}:`);
    for (const t of g.texts) console.log(`  «${t}»`);
  }
  console.log(
    `\ninfilling (characters 20–43 hidden; ${(100 * r.infillCharacterAccuracy).toFixed(1)} % restored exactly):`,
  );
  for (const e of r.infill)
    console.log(`  original «${e.original}»\n  hidden   «${e.masked}»\n  filled   «${e.filled}»\n`);
  console.log(`run directory: ${r.runDir} (results.json, checkpoint.safetensors, metrics.jsonl)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`moby-dick-masked: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
