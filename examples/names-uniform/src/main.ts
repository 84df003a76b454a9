import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { runUniformNames } from './run-names-uniform.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const backend = arg('backend');
  const steps = arg('steps');
  const sampleSteps = arg('sample-steps');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
  const r = await runUniformNames({
    ...(steps ? { trainSteps: Number(steps) } : {}),
    ...(sampleSteps ? { sampleSteps: Number(sampleSteps) } : {}),
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const s = r.sampling;
  console.log(`
names-uniform: ${r.trainSteps} steps in ${r.trainSeconds.toFixed(1)} s (${r.trainStepsPerSecond.toFixed(2)} steps/s)
load average (1, 5, 15 min) before training ${r.loadBefore.map((v) => v.toFixed(1)).join(', ')}, after ${r.loadAfter.map((v) => v.toFixed(1)).join(', ')}

held-out names (${r.nelbo.sequences}, ${r.nelbo.characters} characters):
  uniform-state diffusion NELBO  ${r.nelbo.bitsPerChar.toFixed(3)} ± ${r.nelbo.bitsPerCharStdError.toFixed(3)} bits/char
  unigram entropy (train)        ${r.trainEntropyBits.toFixed(3)} bits/char
  unigram baseline               ${r.unigramBits.toFixed(3)} bits/char
  bigram baseline                ${r.bigramBits.toFixed(3)} bits/char
${r.kneserNey.map((k) => `  Kneser-Ney order ${k.order}             ${k.bitsPerChar.toFixed(3)} bits/char`).join('\n')}

uniform-ancestral, ${s.steps} steps, 1,000 names in ${s.seconds.toFixed(1)} s: novel ${pct(s.novel)}, distinct ${pct(s.distinct)}, malformed ${pct(s.malformed)}, unigram TV ${s.unigramTv.toFixed(3)}, bigram TV ${s.bigramTv.toFixed(3)}
first 20: ${s.shown.join(', ')}

run directory: ${r.runDir} (results.json, checkpoint.safetensors, metrics.jsonl)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`names-uniform: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
