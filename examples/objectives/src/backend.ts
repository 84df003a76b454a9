import { parseBackendName, selectBackend } from '@udm/backend-tfjs';

/** The backend named by `--backend=NAME`, else the best available. */
export async function setUpBackend(): Promise<void> {
  const backend = process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
  await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
}
