#!/usr/bin/env node
import { silenceTfjsNotices } from '@udm/backend-tfjs';
import { ConfigError } from '@udm/core';
import { programFor } from './program.js';

silenceTfjsNotices();

// With --json every error is a JSON line too ({"event": "error", "message": …}), including commander's own.
const json = process.argv.includes('--json');
const errorLine = (message: string): string =>
  json ? `${JSON.stringify({ event: 'error', message })}\n` : `udm: ${message}\n`;
programFor(process.argv.slice(2))
  .then((program) => {
    if (json) {
      for (const cmd of [program, ...program.commands])
        cmd.configureOutput({
          outputError: (text, write) => write(errorLine(text.replace(/^error: /, '').trim())),
        });
    }
    return program.parseAsync(process.argv);
  })
  // exit with process.exitCode: 0, or 130 / 143 when a SIGINT / SIGTERM stopped a run (it wrote a checkpoint)
  .then(() => process.exit())
  .catch((e: unknown) => {
    const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
    process.stderr.write(errorLine(message));
    process.exit(1);
  });
