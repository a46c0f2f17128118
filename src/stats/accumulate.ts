import type { BinWeights, MemoryTable, RawCell, ScanPlan } from '../data/index.js';
import { RowCheck } from '../data/index.js';

function text(v: unknown, na: ReadonlySet<string>): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  return s === '' || na.has(s) ? null : s;
}

function number(v: unknown, na: ReadonlySet<string>): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (v.trim() === '' || na.has(v.trim())) return null;
    return Number(v);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

/**
 * The in-memory twin of {@link scanSql}: builds the same raw aggregate from row objects, column
 * arrays or an Arrow table, row by row, with the same expressions as the SQL projection. Used for
 * small in-memory data and to cross-check the DuckDB path in tests.
 *
 * Numbers used as labels or group values are written as DuckDB prints them (`1` for an integer
 * value, `1.5` otherwise).
 */
export function accumulateRaw(
  table: MemoryTable,
  plan: ScanPlan,
  options: { naValues?: readonly string[] } = {},
): RawCell[] {
  const na = new Set(options.naValues ?? []);
  const { roles, groups, histogram, decision, scoreScale } = plan;
  const gcols = groups.map((g) => table.column(g.column));
  const ycol = roles.label ? table.column(roles.label) : undefined;
  const scol = roles.score ? table.column(roles.score) : undefined;
  const wcol = roles.weight ? table.column(roles.weight) : undefined;
  const pcol = decision.kind === 'prediction' ? table.column(decision.column) : undefined;
  const k = histogram.bins / (histogram.hi - histogram.lo);
  const cells = new Map<
    string,
    {
      g: (string | number | null)[];
      y: string | null;
      p: string | number | null;
      bin: number | null;
      chk: RowCheck;
      n: number;
      w: number;
      w2: number;
      s: number;
      s2: number;
    }
  >();
  for (let r = 0; r < table.length; r++) {
    const g = groups.map((spec, i) => {
      const v = gcols[i]![r];
      if (spec.edges) {
        const x = number(v, na);
        if (x === null || Number.isNaN(x)) return null;
        for (let j = 0; j < spec.edges.length; j++) if (x < spec.edges[j]!) return j;
        return spec.edges.length;
      }
      return typeof v === 'number' ? duckText(v) : text(v, na);
    });
    const yv = ycol ? ycol[r] : null;
    const y = typeof yv === 'number' ? (Number.isNaN(yv) ? null : duckText(yv)) : text(yv, na);
    const s = scol ? number(scol[r], na) : null;
    const w = wcol ? number(wcol[r], na) : 1;
    let chk: RowCheck = RowCheck.ok;
    const wBad = w === null || Number.isNaN(w) || !Number.isFinite(w) || w < 0;
    if (scol) {
      if (s === null) chk = RowCheck.scoreMissing;
      else if (Number.isNaN(s)) chk = RowCheck.scoreNaN;
      else if (!Number.isFinite(s)) chk = RowCheck.scoreInfinite;
      else if (scoreScale === 'probability' && (s < 0 || s > 1)) chk = RowCheck.scoreOutOfRange;
      else if (wBad) chk = RowCheck.weightInvalid;
    } else if (wBad) chk = RowCheck.weightInvalid;
    const sOk = s !== null && Number.isFinite(s);
    const p: string | number | null = pcol
      ? typeof pcol[r] === 'number'
        ? duckText(pcol[r] as number)
        : text(pcol[r], na)
      : decision.kind === 'threshold' && s !== null && s >= decision.threshold
        ? 1
        : 0;
    const bin = sOk ? Math.min(Math.max(Math.floor((s - histogram.lo) * k), 0), histogram.bins - 1) : null;
    const key = JSON.stringify([g, y, p, bin, chk]);
    let cell = cells.get(key);
    if (!cell) {
      cell = { g, y, p, bin, chk, n: 0, w: 0, w2: 0, s: 0, s2: 0 };
      cells.set(key, cell);
    }
    const wv = w ?? 0;
    cell.n += 1;
    cell.w += wv;
    cell.w2 += wv * wv;
    if (chk === RowCheck.ok && sOk) {
      cell.s += wv * s;
      cell.s2 += wv * s * s;
    }
  }
  return listBins([...cells.values()]);
}

/**
 * Cells of one bin each merged into one cell per key (group values, label, decision, check) with
 * its bins listed, the shape {@link scanSql} returns. Moments are added in ascending bin order.
 * @example
 * listBins([{ …key, bin: 3, n: 2, w: 2 }, { …key, bin: 1, n: 1, w: 1 }])
 * // => [{ …key, bin: null, hist: { bins: [1, 3], w: [1, 2] }, n: 3, w: 3 }]
 */
export function listBins(cells: readonly RawCell[]): RawCell[] {
  const byKey = new Map<string, RawCell[]>();
  for (const c of cells) {
    const key = JSON.stringify([c.g, c.y, c.p, c.chk]);
    const list = byKey.get(key);
    if (list) list.push(c);
    else byKey.set(key, [c]);
  }
  return [...byKey.values()].map((list) => {
    list.sort((a, b) => (a.bin ?? -1) - (b.bin ?? -1));
    const first = list[0]!;
    const binned = list.filter((c) => c.bin !== null);
    const hist: BinWeights | undefined =
      binned.length > 0 ? { bins: binned.map((c) => c.bin!), w: binned.map((c) => c.w) } : undefined;
    const sum = (f: (c: RawCell) => number) => list.reduce((a, c) => a + f(c), 0);
    return {
      g: first.g,
      y: first.y,
      p: first.p,
      bin: null,
      hist,
      chk: first.chk,
      n: sum((c) => c.n),
      w: sum((c) => c.w),
      w2: sum((c) => c.w2),
      s: sum((c) => c.s),
      s2: sum((c) => c.s2),
    };
  });
}

/** A number as DuckDB's CAST(x AS VARCHAR) prints it: `1` for whole numbers, `0.5` otherwise. */
function duckText(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : String(x);
}
