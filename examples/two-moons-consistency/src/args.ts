import { parseBackendName, selectBackend } from '@udm/backend-tfjs';

/** `--name=value` of the command line. */
export function argument(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** The backend named by `--backend=NAME`, else the best available. */
export async function setUpBackend(): Promise<void> {
  const backend = argument('backend');
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
}
