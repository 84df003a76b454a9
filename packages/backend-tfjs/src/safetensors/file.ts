import { readRegularFile, type ReadRegularFileOptions } from '../read-regular-file.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { DecodedSafetensors, DecodeOptions } from './decode.js';
import { decodeSafetensors } from './decode-node.js';
import { SafetensorsError, type SafetensorsTensor } from './dtype.js';
import { encodeSafetensors } from './encode-node.js';

/** Writes a safetensors file atomically, with the data section's SHA-256 in metadata `udm.sha256`. */
export async function saveSafetensorsFile(
  path: string,
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> = {},
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata, { checksum: true }));
}

/**
 * Reads and strictly validates a safetensors file (checksum verified when present). Only a regular file is read
 * (`readRegularFile`: no device or pipe, at most `maxBytes`; `followSymlinks: false` refuses a link).
 */
export async function loadSafetensorsFile(
  path: string,
  options: DecodeOptions & Omit<ReadRegularFileOptions, 'what'> = {},
): Promise<DecodedSafetensors> {
  const bytes = await readRegularFile(path, { ...options, what: 'safetensors file' });
  try {
    return decodeSafetensors(bytes, options);
  } catch (error) {
    if (error instanceof SafetensorsError)
      throw new SafetensorsError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
