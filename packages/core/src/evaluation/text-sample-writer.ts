import { TOKEN_DATA } from '../capabilities/data-capabilities.js';
import type { SampleWriter } from './sample-writer.js';

/**
 * Writes samples of token data as text: each sample's ids decoded by the data set's tokenizer, one sample per line
 * (`samples-<label>.txt`; a newline inside a sample is written as "⏎" so lines stay samples). Family-neutral (any
 * process on token data: masked, uniform, a plugin's); bound by `coreModule`.
 */
export const textSampleWriter: SampleWriter = {
  name: 'text',
  description: 'token data: samples decoded to text by the data set’s tokenizer, one per line',
  unsupported: (udm) => (TOKEN_DATA.has(udm.data) ? undefined : `needs ${TOKEN_DATA.description}`),
  async write({ udm, samples, shape, label, writeFile }) {
    if (!TOKEN_DATA.has(udm.data)) throw new Error(`text samples: needs ${TOKEN_DATA.description}`);
    const tokenizer = udm.data.train.tokenizer;
    const length = shape.slice(1).reduce((a, b) => a * b, 1);
    const count = length === 0 ? 0 : samples.length / length;
    const lines: string[] = [];
    for (let i = 0; i < count; i++)
      lines.push(tokenizer.decode(samples.subarray(i * length, (i + 1) * length)).replace(/\r?\n/g, '⏎'));
    const text = await writeFile(`samples-${label}.txt`, `${lines.join('\n')}\n`);
    return {
      files: { text },
      ...(lines.length > 0 ? { summary: `first sample: ${JSON.stringify(lines[0])}` } : {}),
    };
  },
};
