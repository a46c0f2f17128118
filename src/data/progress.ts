import type { Source } from './source.js';

/** A long pass over a data source is still running (or, with `end`, is over). */
export interface ScanProgress {
  /** The source's name (a file path, or a description of an in-memory input). */
  readonly source: string;
  /** Milliseconds since the pass started. */
  readonly elapsedMs: number;
  /** The pass is over (finished or failed): the last report for it. */
  readonly end: boolean;
}

/** Receives {@link ScanProgress} reports, ten times a second, during long passes over the data. */
export type ProgressListener = (progress: ScanProgress) => void;

const EVERY_MS = 100;

/**
 * Runs `work` (a pass over `source`), telling the source's listener (`ReadOptions.onProgress`) every
 * tenth of a second that it still runs, then once with `end` when it is over (passes shorter than a
 * tenth of a second report nothing). DuckDB's own progress estimate is not passed on: for the
 * aggregating queries of a scan it counts every pipeline and stays far below 100%.
 */
export async function withProgress<T>(source: Source, work: () => Promise<T>): Promise<T> {
  const listener = source.onProgress;
  if (!listener) return work();
  const started = Date.now();
  let reported = false;
  // A listener that throws stops the reports; its error is raised when the pass is over (thrown
  // from a timer, it would end the process instead).
  let failed: { error: unknown } | undefined;
  const report = (end: boolean) => {
    try {
      listener({ source: source.info.name, elapsedMs: Date.now() - started, end });
    } catch (error) {
      failed ??= { error };
      clearInterval(timer);
    }
  };
  const timer = setInterval(() => {
    reported = true;
    report(false);
  }, EVERY_MS);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
    if (reported && !failed) report(true);
  }
  if (failed) throw failed.error;
  return result;
}
