import cliProgress from 'cli-progress';

// The types live in core: a contributed command (CLI_COMMAND) reports progress through them.
import type { ProgressMode, ProgressReporter } from '@udm/core';

export type { ProgressMode, ProgressReporter };

export interface ReporterOptions {
  /** Milliseconds between plain lines or JSON events (default 2000); the first and the last update always print. */
  readonly intervalMs?: number;
  /** The clock (ms), injectable for tests (default `performance.now`). */
  readonly now?: () => number;
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
}

function formatFields(fields: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = formatNumber(v);
  return out;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** A progress reporter on stderr (bars, plain lines, JSON lines) so stdout stays free for results. */
export function createReporter(
  mode: ProgressMode,
  stream: NodeJS.WriteStream = process.stderr,
  options: ReporterOptions = {},
): ProgressReporter {
  const interval = options.intervalMs ?? 2000;
  const now = options.now ?? (() => performance.now());
  const plain = mode === 'bar' && stream.isTTY !== true;
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let total = 0;
  let first: { value: number; at: number } | undefined;
  let lastPrinted = -Infinity;
  let lastValue = -1;

  /** steps/s since the first update. */
  function pace(value: number, at: number): { rate: number; elapsed: number } {
    const f = first!;
    const elapsed = (at - f.at) / 1000;
    return { rate: elapsed > 0 && value > f.value ? (value - f.value) / elapsed : NaN, elapsed };
  }

  function emit(value: number, fields: Record<string, number>, at: number): void {
    const measured = pace(value, at);
    const given = fields['steps/s'];
    const rate = Number.isFinite(measured.rate) ? measured.rate : (given ?? NaN);
    const eta = rate > 0 ? (total - value) / rate : NaN;
    const elapsed = measured.elapsed;
    if (mode === 'json') {
      stream.write(
        `${JSON.stringify({
          event: 'progress',
          job: label,
          step: value,
          total,
          elapsed: Number(elapsed.toFixed(3)),
          ...(Number.isFinite(rate) ? { stepsPerSecond: Number(rate.toPrecision(4)) } : {}),
          ...(Number.isFinite(eta) ? { eta: Number(eta.toFixed(1)) } : {}),
          ...fields,
        })}\n`,
      );
      return;
    }
    const pct = total > 0 ? Math.floor((100 * value) / total) : 100;
    const parts = [`${label}: step ${value}/${total} (${pct}%)`];
    for (const [k, v] of Object.entries(formatFields(fields))) if (k !== 'steps/s') parts.push(`${k} ${v}`);
    parts.push(`${Number.isFinite(rate) ? formatNumber(rate) : '?'} steps/s`);
    parts.push(value >= total ? `done in ${formatSeconds(elapsed)}` : `ETA ${formatSeconds(eta)}`);
    stream.write(`${parts.join(' | ')}\n`);
  }

  return {
    start(n, what) {
      total = n;
      label = what;
      first = undefined;
      lastPrinted = -Infinity;
      lastValue = -1;
      if (mode !== 'bar' || plain) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${what} |{bar}| {value}/{total}{extra} | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(n, 0, { extra: '' });
    },
    update(value, fields) {
      if (mode === 'quiet') return;
      if (mode === 'bar' && !plain) {
        const f = formatFields(fields);
        bar?.update(value, {
          extra: Object.entries(f)
            .map(([k, v]) => ` | ${k} ${v}`)
            .join(''),
        });
        return;
      }
      const at = now();
      first ??= { value, at };
      if (value === lastValue) return;
      if (at - lastPrinted >= interval || value >= total || lastPrinted === -Infinity) {
        lastPrinted = at;
        lastValue = value;
        emit(value, fields, at);
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
