import { resolve } from 'node:path';

/** The value of `--name=value` on the command line. */
export function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function numberFlag(name: string): number | undefined {
  const v = flag(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RangeError(`--${name}: expected a number, got "${v}"`);
  return n;
}

/** `--checkpoint=<run dir or file>`, relative to where `npm start -w …` was typed (npm runs in the example's folder). */
export function checkpointFlag(): string | undefined {
  const v = flag('checkpoint');
  return v && resolve(process.env['INIT_CWD'] ?? process.cwd(), v);
}
