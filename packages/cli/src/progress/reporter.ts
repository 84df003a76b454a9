import cliProgress from 'cli-progress';

/** How a long job reports progress: a bar (default), JSON lines (`--json`) or nothing (`--quiet`). */
export type ProgressMode = 'bar' | 'json' | 'quiet';

export interface ProgressReporter {
  start(total: number, label: string): void;
  update(value: number, fields: Record<string, number>): void;
  stop(): void;
  /** A result or info line (JSON object in json mode, text otherwise; silent when quiet). */
  info(message: string, data?: Record<string, unknown>): void;
}

function formatFields(fields: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
  return out;
}

/** A progress reporter on stderr (bars, JSON lines) so stdout stays free for results. */
export function createReporter(
  mode: ProgressMode,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let total = 0;
  let lastJson = 0;
  return {
    start(n, what) {
      total = n;
      label = what;
      if (mode !== 'bar') return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${what} |{bar}| {value}/{total}{extra} | ETA {eta_formatted}`,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(n, 0, { extra: '' });
    },
    update(value, fields) {
      if (mode === 'bar') {
        const f = formatFields(fields);
        bar?.update(value, {
          extra: Object.entries(f)
            .map(([k, v]) => ` | ${k} ${v}`)
            .join(''),
        });
      } else if (mode === 'json') {
        const now = Date.now();
        if (now - lastJson >= 1000 || value === total) {
          lastJson = now;
          stream.write(
            `${JSON.stringify({ event: 'progress', job: label, step: value, total, ...fields })}\n`,
          );
        }
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
    info(message, data) {
      if (mode === 'quiet') return;
      if (mode === 'json') stream.write(`${JSON.stringify({ event: 'info', message, ...data })}\n`);
      else stream.write(`${message}\n`);
    },
  };
}
