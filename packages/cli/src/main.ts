#!/usr/bin/env node
import { silenceTfjsNotices } from '@udm/backend-tfjs';
import { ConfigError } from '@udm/core';
import { createProgram } from './program.js';

silenceTfjsNotices();

createProgram()
  .parseAsync(process.argv)
  // exit with process.exitCode: 0, or 130 / 143 when a SIGINT / SIGTERM stopped a run (it wrote a checkpoint)
  .then(() => process.exit())
  .catch((e: unknown) => {
    const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
    process.stderr.write(`udm: ${message}\n`);
    process.exit(1);
  });
