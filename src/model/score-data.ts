import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { DuckDBValue } from '@duckdb/node-api';
import { type DataInput, openSource, type ReadOptions, sourceReadError } from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import { csvSafeText } from '../mitigation/output.js';
import { atomicWrite } from '../util/atomic-write.js';
import { closestNames, quoteIdent } from '../util/strings.js';
import type { Scorer } from './scorer.js';

export interface ScoreDataOptions {
  readonly scorer: Scorer;
  /** The scored CSV (written atomically): the input columns kept, plus the score column. */
  readonly out: string;
  /** Name of the score column added (default `model_score`). */
  readonly scoreColumn?: string | undefined;
  /** Columns copied to the output (default: every input column). */
  readonly keep?: readonly string[] | undefined;
  /** Rows per batch (default 10,000): memory is bounded by one batch, whatever the data size. */
  readonly batchSize?: number | undefined;
  readonly read?: ReadOptions | undefined;
  /** Called after each batch with rows done and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface ScoreSummary {
  readonly rows: number;
  readonly batches: number;
  readonly out: string;
  readonly scoreColumn: string;
  readonly scorer: string;
  readonly backend: string;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** Mean, min and max of the scores written (null when no row). */
  readonly scores: { readonly mean: number | null; readonly min: number | null; readonly max: number | null };
}

function csvField(v: DuckDBValue | number | null | undefined, text: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (text) s = csvSafeText(s);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Scores a data set in batches and writes it with a score column added. Rows stream from DuckDB
 * chunk by chunk into batches of `batchSize`; each batch is scored and appended to the output, so
 * memory stays bounded for data of any size (1M rows: see bench/model.ts). Text cells are written
 * formula-safe, as mitigated data is. The input is never modified.
 * @throws {UsageError} the score column exists, a bad batch size; {@link InputError} a column the
 *   scorer needs is missing, a scorer error.
 * @example
 * const s = await scoreData('datasets/prospects.csv', { scorer: await loadModelScorer('model'), out: 'scored.csv' });
 * s.rows // => 20000
 */
export async function scoreData(input: DataInput, options: ScoreDataOptions): Promise<ScoreSummary> {
  const scoreColumn = options.scoreColumn ?? 'model_score';
  const batchSize = options.batchSize ?? 10_000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new UsageError(
      'bad_batch_size',
      `The batch size must be a positive whole number, not ${batchSize}.`,
    );
  }
  const started = performance.now();
  const source = await openSource(input, options.read ?? {});
  try {
    const file = source.info.kind === 'file' ? source.info.name : undefined;
    const byName = new Map(source.columns.map((c) => [c.name, c]));
    const all = source.columns.map((c) => c.name);
    const need = (c: string, role: string) => {
      if (byName.has(c)) return;
      const near = closestNames(c, all);
      throw new InputError('missing_column', `The ${role} column "${c}" is not in the data.`, {
        file,
        column: c,
        hint: near.length
          ? `Did you mean ${near.map((x) => `"${x}"`).join(' or ')}?`
          : `Columns: ${all.join(', ')}.`,
      });
    };
    const featureCols = options.scorer.columns ?? all;
    for (const c of featureCols) need(c, 'feature');
    const keep = options.keep ?? all;
    for (const c of keep) need(c, 'output');
    if (keep.includes(scoreColumn)) {
      throw new UsageError('score_column_exists', `The data already has a column "${scoreColumn}".`, {
        column: scoreColumn,
        hint: 'Name the new score column with --score-column NAME.',
      });
    }
    const names = [...new Set([...keep, ...featureCols])];
    const isNum = (c: string) => byName.get(c)!.kind === 'number';
    const rel = await source.relation(names);
    const sel = names.map((c) => {
      const q = quoteIdent(c);
      return isNum(c) ? `CAST(${q} AS DOUBLE) AS ${q}` : `NULLIF(CAST(${q} AS VARCHAR), '') AS ${q}`;
    });
    let total = 0;
    if (options.onProgress) {
      const r = await source.connection.runAndReadAll(`SELECT count(*) AS n FROM ${rel.sql}`, rel.params);
      total = Number(r.getRowObjectsJS()[0]!.n);
    }
    let rows = 0;
    let batches = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    await atomicWrite(options.out, async (tmp) => {
      const ws = createWriteStream(tmp);
      const failed = new Promise<never>((_, reject) => ws.on('error', reject));
      const write = async (s: string) => {
        if (!ws.write(s)) await Promise.race([once(ws, 'drain'), failed]);
      };
      try {
        await write(`${[...keep, scoreColumn].map((c) => csvField(c, true)).join(',')}\n`);
        const result = await source.connection.stream(`SELECT ${sel.join(', ')} FROM ${rel.sql}`, rel.params);
        const batch: Record<string, DuckDBValue[]> = Object.fromEntries(names.map((c) => [c, []]));
        let size = 0;
        /** Scores and writes the first `count` rows of the pending batch, keeping the rest. */
        const flush = async (count: number) => {
          if (count === 0) return;
          const part: Record<string, DuckDBValue[]> = {};
          for (const c of names) {
            part[c] = batch[c]!.slice(0, count);
            batch[c] = batch[c]!.slice(count);
          }
          size -= count;
          const scores = await options.scorer.score(part as never, count);
          const cols = keep.map((c) => part[c]!);
          const text = keep.map((c) => !isNum(c));
          const lines: string[] = [];
          for (let i = 0; i < count; i++) {
            const s = scores[i]!;
            sum += s;
            if (s < min) min = s;
            if (s > max) max = s;
            const cells = cols.map((col, j) => csvField(col[i], text[j]!));
            cells.push(String(s));
            lines.push(cells.join(','));
          }
          await write(`${lines.join('\n')}\n`);
          rows += count;
          batches++;
          options.onProgress?.(rows, total);
        };
        for (;;) {
          let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
          try {
            chunk = await result.fetchChunk();
          } catch (e) {
            throw await sourceReadError(source, e);
          }
          if (!chunk || chunk.rowCount === 0) break;
          const data = chunk.getColumns();
          names.forEach((c, j) => {
            const target = batch[c]!;
            for (const v of data[j]!) target.push(v);
          });
          size += chunk.rowCount;
          while (size >= batchSize) await flush(batchSize);
        }
        await flush(size);
      } finally {
        ws.end();
        await once(ws, 'close').catch(() => {});
      }
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      rows,
      batches,
      out: options.out,
      scoreColumn,
      scorer: options.scorer.description,
      backend: options.scorer.backend,
      seconds,
      rowsPerSecond: seconds > 0 ? rows / seconds : 0,
      scores: rows > 0 ? { mean: sum / rows, min, max } : { mean: null, min: null, max: null },
    };
  } finally {
    source.close();
  }
}
