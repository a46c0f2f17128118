import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DuckDBConnection as Connection, DuckDBInstance } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { keyId } from '../stats/index.js';
import { formatDriftLine } from './format.js';
import type { DriftResult, DriftStatus } from './result.js';

/** The schema tag stored in a history database. */
export const HISTORY_SCHEMA = 'fairprobe.history/1';

/** One recorded drift run. */
export interface HistoryRun {
  readonly runId: string;
  /** 1, 2, … in the order runs were recorded. */
  readonly seq: number;
  /** The run's `createdAt` (from the DriftResult). */
  readonly createdAt: string;
  readonly status: DriftStatus;
  readonly alarms: number;
  readonly warnings: number;
  /** `pair` (a baseline and a current side) or `windows` (time windows of one file). */
  readonly mode: DriftResult['mode'];
  /** The baseline side's label (windows: the first comparison's baseline window). */
  readonly baseline: string;
  /** The current side's label (windows: the last window only; the counts are of every window). */
  readonly current: string;
  /** Rows of the current side (windows: of the last window only). */
  readonly currentRows: number;
  /** A windows run's time column, unit, baseline window and every window with its rows. */
  readonly windows?: DriftResult['windows'];
  /** The one-line summary (`--format line`). */
  readonly line: string;
}

/** One recorded measurement of a run: a check's main value. */
export interface HistoryValue {
  readonly runId: string;
  readonly seq: number;
  readonly createdAt: string;
  /** The compared window (windows mode), '' for a baseline/current pair. */
  readonly window: string;
  readonly section: 'distribution' | 'fairness' | 'mix';
  /** psi for distribution and mix checks; the current value or the change for fairness checks. */
  readonly measure: 'psi' | 'value' | 'change';
  /** The column (distribution), metric (fairness) or attribute (mix). */
  readonly name: string;
  /** The group, e.g. `region=east`, `(overall)`. */
  readonly group: string;
  readonly value: number | null;
  readonly status: DriftStatus;
}

/** A history's runs and values, oldest first. */
export interface History {
  readonly runs: readonly HistoryRun[];
  readonly values: readonly HistoryValue[];
  /** The bands the latest run used (for charts), when any run is recorded. */
  readonly bands?: DriftResult['settings']['bands'] | undefined;
}

const DDL = [
  'CREATE TABLE IF NOT EXISTS fairprobe_meta (key VARCHAR PRIMARY KEY, value VARCHAR)',
  `CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, seq BIGINT, created_at VARCHAR, status VARCHAR,
    alarms INTEGER, warnings INTEGER, baseline VARCHAR, current VARCHAR, current_rows BIGINT, line VARCHAR, result_json VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS run_values (run_id VARCHAR, "window" VARCHAR, section VARCHAR, measure VARCHAR,
    name VARCHAR, grp VARCHAR, value DOUBLE, status VARCHAR)`,
];

/** Whether a file starts like a DuckDB database (the magic bytes "DUCK" at offset 8). */
function isDuckDbFile(file: string): boolean {
  const head = Buffer.alloc(12);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 12, 0) === 12 && head.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/** How long opening a history waits for another process's lock by default (ms). */
export const HISTORY_LOCK_WAIT_MS = 5000;

async function open(file: string, create: boolean, lockWaitMs = HISTORY_LOCK_WAIT_MS) {
  if (!create && !existsSync(file)) {
    throw new InputError('file_not_found', `Cannot find the history database "${file}".`, {
      file,
      hint: 'Record runs with `fairprobe drift … --history FILE` first.',
    });
  }
  // DuckDB opens a file that is not a database (a CSV, a JSON file) as an empty in-memory one:
  // a run appended there would be lost without a word. Its files carry "DUCK" at byte 8.
  if (existsSync(file) && statSync(file).isFile() && statSync(file).size > 0 && !isDuckDbFile(file)) {
    throw new InputError('not_history', `"${file}" is not a fairprobe history database.`, {
      file,
      hint: create
        ? 'Give a new path (e.g. drift-history.duckdb) or one that fairprobe drift --history wrote; the file was left as it was.'
        : 'Give the path that fairprobe drift --history wrote (a DuckDB file).',
    });
  }
  // DuckDB lets one process at a time open a database file for writing (and none read it
  // meanwhile). Two scheduled jobs appending to one history collide only for the moment of a
  // write, so a lock held by another process is waited for, a while, before giving up.
  const started = Date.now();
  let instance: DuckDBInstance | undefined;
  for (let attempt = 0; instance === undefined; attempt++) {
    try {
      instance = await DuckDBInstance.create(file, create ? {} : { access_mode: 'READ_ONLY' });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      // DuckDB: Could not set lock on file "FILE": Conflicting lock is held in /usr/bin/node (PID 123).
      // (Not any "lock": "block" appears in messages about a corrupt file.)
      const locked = /could not set lock|conflicting lock/i.test(msg);
      const waited = Date.now() - started;
      if (locked && waited < lockWaitMs) {
        await sleep(Math.min(50 * 2 ** attempt, 400, lockWaitMs - waited) * (0.5 + Math.random() / 2));
        continue;
      }
      if (locked) {
        const holder = /held in (.*?\(PID \d+\))/.exec(msg)?.[1];
        throw new InputError(
          'history_busy',
          `The history database "${file}" is locked by another process${holder ? ` (${holder})` : ''}; waited ${(waited / 1000).toFixed(1)} s for it.`,
          {
            file,
            hint: 'Another fairprobe run is writing it: run the jobs one after the other, or give each its own history file.',
          },
        );
      }
      throw new InputError(
        'history_unavailable',
        `Cannot open the history database "${file}": ${msg.split('\n')[0]}`,
        {
          file,
          hint: 'Give the path of a history database written by fairprobe (a DuckDB file), or a new path.',
        },
      );
    }
  }
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { connection, close };
}

/**
 * Whether the open database is a fairprobe history (true) or has no tables yet (false, a new
 * history). Another program's database (tables, no fairprobe_meta) and a history of another
 * version are refused before anything is written: the history tables would otherwise be added
 * among its own.
 */
async function checkTables(connection: Connection, file: string): Promise<boolean> {
  const tables = (
    await connection.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()`,
    )
  ).getRowObjectsJS();
  if (tables.length === 0) return false;
  if (!tables.some((t) => t.table_name === 'fairprobe_meta')) {
    throw new InputError(
      'not_history',
      `"${file}" is a DuckDB database but not a fairprobe history (it has other tables).`,
      {
        file,
        hint: 'Give a new path (e.g. drift-history.duckdb) or one that fairprobe drift --history wrote; the file was left as it was.',
      },
    );
  }
  const meta = (
    await connection.runAndReadAll(`SELECT value FROM fairprobe_meta WHERE key = 'schema'`)
  ).getRowObjectsJS();
  if (meta.length > 0 && meta[0]!.value !== HISTORY_SCHEMA) {
    throw new InputError(
      'bad_history',
      `"${file}" is a history of another version (${String(meta[0]!.value)}).`,
      {
        file,
        hint: 'Start a new history file.',
      },
    );
  }
  return meta.length > 0;
}

/**
 * Checks, before a drift run, that {@link appendHistory} can record to `file`: it is missing, empty,
 * a DuckDB database without tables or a fairprobe history of this version. Reads only; a file that
 * another process holds open is not waited for (appending checks it again).
 * @throws {InputError} when the file is not a fairprobe history (another program's database, a CSV…).
 * @example
 * await checkHistoryFile('drift-history.duckdb') // => undefined, or throws `not_history`
 */
export async function checkHistoryFile(file: string): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile() || statSync(file).size === 0) return;
  let opened: Awaited<ReturnType<typeof open>>;
  try {
    opened = await open(file, false, 0);
  } catch (e) {
    if (e instanceof InputError && e.code === 'history_busy') return;
    throw e;
  }
  try {
    await checkTables(opened.connection, file);
  } finally {
    opened.close();
  }
}

function rowsOf(result: DriftResult, runId: string) {
  const rows: Record<string, unknown>[] = [];
  const g = (attributes: readonly string[], values: readonly string[]) => keyId({ attributes, values });
  for (const c of result.comparisons) {
    const window = result.mode === 'windows' ? c.current.label : '';
    for (const d of c.distribution) {
      rows.push({
        run_id: runId,
        window,
        section: 'distribution',
        measure: 'psi',
        name: d.column,
        grp: g(d.attributes, d.values),
        value: d.psi,
        status: d.status,
      });
    }
    for (const m of c.groupMix) {
      rows.push({
        run_id: runId,
        window,
        section: 'mix',
        measure: 'psi',
        name: m.attributes.join(' × '),
        grp: '(overall)',
        value: m.psi,
        status: m.status,
      });
    }
    for (const x of c.fairness) {
      const grp = g(x.attributes, x.values);
      rows.push({
        run_id: runId,
        window,
        section: 'fairness',
        measure: 'value',
        name: x.metric,
        grp,
        value: x.current,
        status: x.status,
      });
      rows.push({
        run_id: runId,
        window,
        section: 'fairness',
        measure: 'change',
        name: x.metric,
        grp,
        value: x.change,
        status: x.status,
      });
    }
  }
  return rows;
}

/**
 * Appends a drift run's summary to a history database (an embedded DuckDB file; created when
 * missing). Append-only: rows are only ever inserted, and each run is written in one transaction, so
 * a crash mid-write leaves the earlier runs intact and no partial run. A file another process has
 * open (a job appending at the same time) is waited for, up to `lockWaitMs`.
 * @throws {InputError} when the file is not a fairprobe history, or is still locked by another process
 * after `lockWaitMs` (`history_busy`).
 * @example
 * await appendHistory('drift-history.duckdb', result) // => { runId: '…', seq: 7 }
 */
export async function appendHistory(
  file: string,
  result: DriftResult,
  options: {
    /** Called inside the write transaction, after the rows are inserted and before the commit (tests, tools). */
    readonly beforeCommit?: () => Promise<void>;
    /** How long to wait for another process that has the file open (ms, default {@link HISTORY_LOCK_WAIT_MS}). */
    readonly lockWaitMs?: number;
  } = {},
): Promise<{ runId: string; seq: number }> {
  const { connection, close } = await open(file, true, options.lockWaitMs);
  try {
    const known = await checkTables(connection, file);
    for (const sql of DDL) await connection.run(sql);
    if (!known) {
      await connection.run(`INSERT INTO fairprobe_meta VALUES ('schema', $s)`, { s: HISTORY_SCHEMA });
    }
    const runId = randomUUID();
    const c = result.comparisons;
    const first = c[0];
    const last = c[c.length - 1];
    await connection.run('BEGIN TRANSACTION');
    try {
      const seqRow = (
        await connection.runAndReadAll('SELECT coalesce(max(seq), 0) + 1 AS seq FROM runs')
      ).getRowObjectsJS()[0]!;
      const seq = Number(seqRow.seq);
      await connection.run(
        `INSERT INTO runs VALUES ($id, $seq, $created, $status, $alarms, $warnings, $baseline, $current, $rows, $line, $json)`,
        {
          id: runId,
          seq,
          created: result.createdAt,
          status: result.status,
          alarms: result.summary.alarms,
          warnings: result.summary.warnings,
          baseline: first?.baseline.label ?? '',
          current: last?.current.label ?? '',
          rows: last?.current.rows ?? 0,
          line: formatDriftLine(result),
          json: JSON.stringify(result),
        },
      );
      const rows = rowsOf(result, runId);
      if (rows.length > 0) {
        await connection.run(
          `INSERT INTO run_values SELECT r.run_id, r."window", r.section, r.measure, r.name, r.grp, r.value, r.status
           FROM (SELECT unnest(from_json($rows, '[{"run_id":"VARCHAR","window":"VARCHAR","section":"VARCHAR","measure":"VARCHAR","name":"VARCHAR","grp":"VARCHAR","value":"DOUBLE","status":"VARCHAR"}]'), recursive := true)) AS r`,
          { rows: JSON.stringify(rows) },
        );
      }
      await options.beforeCommit?.();
      await connection.run('COMMIT');
      return { runId, seq };
    } catch (e) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    close();
  }
}

/**
 * Reads a history database: every run and recorded value, oldest first. Waits, like
 * {@link appendHistory}, while another process is writing it.
 * @throws {InputError} when the file is missing or not a fairprobe history, or stays locked (`history_busy`).
 */
export async function readHistory(file: string): Promise<History> {
  const { connection, close } = await open(file, false);
  try {
    const tables = (
      await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables`)
    ).getRowObjectsJS();
    if (!tables.some((t) => t.table_name === 'runs') || !tables.some((t) => t.table_name === 'run_values')) {
      throw new InputError('bad_history', `"${file}" is not a fairprobe history database.`, {
        file,
        hint: 'Record runs with `fairprobe drift … --history FILE`.',
      });
    }
    const runs = (
      await connection.runAndReadAll(
        `SELECT run_id, seq, created_at, status, alarms, warnings, baseline, current, current_rows, line,
           json_extract_string(result_json, '$.mode') AS mode, json_extract(result_json, '$.windows')::VARCHAR AS windows
         FROM runs ORDER BY seq`,
      )
    )
      .getRowObjectsJS()
      .map<HistoryRun>((r) => ({
        runId: String(r.run_id),
        seq: Number(r.seq),
        createdAt: String(r.created_at),
        status: String(r.status) as DriftStatus,
        alarms: Number(r.alarms),
        warnings: Number(r.warnings),
        mode: r.mode === 'windows' ? 'windows' : 'pair',
        baseline: String(r.baseline),
        current: String(r.current),
        currentRows: Number(r.current_rows),
        ...(r.mode === 'windows' && r.windows !== null
          ? { windows: JSON.parse(String(r.windows)) as DriftResult['windows'] }
          : {}),
        line: String(r.line),
      }));
    const values = (
      await connection.runAndReadAll(
        `SELECT v.*, r.seq, r.created_at FROM run_values v JOIN runs r USING (run_id) ORDER BY r.seq, v."window", v.section, v.name, v.grp, v.measure`,
      )
    )
      .getRowObjectsJS()
      .map<HistoryValue>((r) => ({
        runId: String(r.run_id),
        seq: Number(r.seq),
        createdAt: String(r.created_at),
        window: String(r.window),
        section: String(r.section) as HistoryValue['section'],
        measure: String(r.measure) as HistoryValue['measure'],
        name: String(r.name),
        group: String(r.grp),
        value: r.value === null ? null : Number(r.value),
        status: String(r.status) as DriftStatus,
      }));
    const latest = (
      await connection.runAndReadAll('SELECT result_json FROM runs ORDER BY seq DESC LIMIT 1')
    ).getRowObjectsJS()[0];
    const bands = latest
      ? (JSON.parse(String(latest.result_json)) as DriftResult).settings?.bands
      : undefined;
    return { runs, values, bands };
  } finally {
    close();
  }
}
