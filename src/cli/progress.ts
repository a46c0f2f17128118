import type { ReadOptions, ScanProgress } from '../data/index.js';
import type { Io } from './run.js';

const WIDTH = 30;

function bar(share: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(100 * share).toFixed(0).padStart(3)}%`;
}

/** A progress bar on a terminal's stderr (nothing when stderr is not a TTY). */
export function progressBar(io: Io, label: string): ((done: number, total: number) => void) | undefined {
  if (!io.isTTY) return undefined;
  const started = Date.now();
  return (done, total) => {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    process.stderr.write(
      `\r${label} ${bar(share)} ` +
        `${done.toLocaleString('en')}/${total.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s` +
        (done >= total ? '\n' : ''),
    );
  };
}

/**
 * `read` with a spinner and the time taken on a terminal's stderr while a long pass over the data
 * runs; unchanged when stderr is not a TTY, `show` is false (JSON output, --quiet) or the environment
 * variable FAIRPROBE_PROGRESS is `off`. Nothing is drawn for passes shorter than FAIRPROBE_PROGRESS
 * milliseconds (default 500), and the line is erased when the pass ends.
 */
export function withReadSpinner(
  read: ReadOptions | undefined,
  io: Io,
  show: boolean,
): ReadOptions | undefined {
  const setting = process.env.FAIRPROBE_PROGRESS?.trim();
  if (!io.isTTY || !show || setting === 'off') return read;
  const after = setting && Number.isFinite(Number(setting)) ? Number(setting) : 500;
  const frames = ['|', '/', '-', '\\'];
  let width = 0;
  let frame = 0;
  // Passes still running (drift may read its two files at once), by source, with their times.
  const running = new Map<string, number>();
  const onProgress = (p: ScanProgress) => {
    if (p.end) running.delete(p.source);
    else if (p.elapsedMs >= after) running.set(p.source, p.elapsedMs);
    else return;
    if (running.size === 0 && width === 0) return;
    const short = (n: string) => (n.length > 50 ? `…${n.slice(-49)}` : n);
    const line =
      running.size === 0
        ? ''
        : `reading ${[...running.keys()].map(short).join(' and ')} ${frames[frame++ % frames.length]} ` +
          `${(Math.max(...running.values()) / 1000).toFixed(1)} s`;
    process.stderr.write(`\r${line.padEnd(width)}${line === '' ? '\r' : ''}`);
    width = line.length;
  };
  return { ...read, onProgress };
}
