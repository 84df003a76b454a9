#!/usr/bin/env node
import { ConfigError } from '@udm/core';
import { createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
    process.stderr.write(`udm: ${message}\n`);
    process.exit(1);
  });
