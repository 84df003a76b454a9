import { readFileSync } from 'node:fs';
import type { DistillRunResult } from '@udm/gaussian';
import { mnistDistillTable } from './mnist-table.js';

// `npm run table -- <run dir>/distill.json`: the table of a finished `udm distill` run.
const file = process.argv[2];
if (!file) throw new Error('usage: npm run table -- <run dir>/distill.json');
process.stdout.write(`${mnistDistillTable(JSON.parse(readFileSync(file, 'utf8')) as DistillRunResult)}\n`);
