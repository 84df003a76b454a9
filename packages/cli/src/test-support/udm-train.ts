import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runUdm } from './run-udm.js';

/** `udm train -c <dir>/<name>.json -o <dir> -n <name>` on the cpu backend (in-process); returns the run directory. */
export async function udmTrain(dir: string, config: unknown, name: string): Promise<string> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const { stdout } = await runUdm('--backend', 'cpu', '--quiet', 'train', '-c', file, '-o', dir, '-n', name);
  return stdout.trim();
}
