import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseStats } from './serialize.js';
import type { StatsSet } from './types.js';

/** How much of a file's start is read to recognise a stats file by its `"schema"` field. */
const HEAD_BYTES = 16 * 1024;

/**
 * Whether a path names a stats file rather than data or a query result: its name ends in
 * `.stats.json`, or it starts as a JSON object whose `"schema"` is a `fairprobe.stats/…` version
 * (of any version, so that one this build cannot read is said to be so). A file so recognised is
 * always read as a stats file ({@link readStatsFile}), and a broken one is refused with the
 * reason, never read as data. A path that cannot be opened is not a stats file (unless so named):
 * reading it as data then says it is missing.
 * @example
 * isStatsFile('base.stats.json') // => true (even if it is empty or not JSON)
 * isStatsFile('datasets/prospects.csv') // => false
 */
export function isStatsFile(path: string): boolean {
  if (/\.stats\.json$/i.test(path)) return true;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\uFEFF?\s*\{[\s\S]*?"schema"\s*:\s*"fairprobe\.stats\b/.test(
      head.subarray(0, n).toString('utf8'),
    );
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and checks a stats file (`fairprobe stats DATA --out FILE.stats.json`, `fairprobe drift
 * --save-baseline FILE`).
 * @throws {InputError} a missing or unreadable file, or one that is not a valid stats file of this
 *   version (see {@link parseStats}).
 * @example
 * readStatsFile('base.stats.json').rows.read // => 20000
 */
export function readStatsFile(path: string): StatsSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(
      'file_not_found',
      missing
        ? `Cannot find the stats file "${path}".`
        : `Cannot read the stats file "${path}" (${(e as Error).message}).`,
      {
        file: path,
        hint: missing ? 'Check the path (it is relative to the current folder).' : undefined,
      },
    );
  }
  return parseStats(text, path);
}
