import type { GroupResult } from '../../audit/index.js';
import { fixed } from '../format.js';
import { type ChartTable, groupLabel } from './types.js';

/** Most rows of a threshold table: the sweep is thinned to about this many thresholds. */
export const SWEEP_TABLE_ROWS = 21;

/** Indices of the sweep points shown in tables: every k-th, about {@link SWEEP_TABLE_ROWS} of them. */
export function thinnedIndices(length: number): number[] {
  const step = Math.max(1, Math.round((length - 1) / (SWEEP_TABLE_ROWS - 1)));
  const out: number[] = [];
  for (let i = 0; i < length; i += step) out.push(i);
  if (out[out.length - 1] !== length - 1 && length > 0) out.push(length - 1);
  return out;
}

/**
 * A wide table of sweep values by threshold: one row per (thinned) threshold, one column per
 * group and value.
 */
export function sweepTable(
  groups: readonly GroupResult[],
  values: readonly { key: 'selection_rate' | 'tpr' | 'fpr'; label: string }[],
  note: string | undefined,
): ChartTable {
  const first = groups[0]?.curves?.sweep;
  if (!first) return { columns: ['Threshold'], rows: [] };
  const idx = thinnedIndices(first.thresholds.length);
  const thinned = idx.length < first.thresholds.length;
  return {
    columns: ['Threshold', ...groups.flatMap((g) => values.map((v) => `${groupLabel(g)}: ${v.label}`))],
    rows: idx.map((i) => [
      fixed(first.thresholds[i], 2),
      ...groups.flatMap((g) => values.map((v) => fixed(g.curves?.sweep[v.key][i], 3))),
    ]),
    note:
      [
        thinned ? `Every ${idx[1]! - idx[0]!}th threshold of the chart's ${first.thresholds.length}.` : '',
        note,
      ]
        .filter(Boolean)
        .join(' ') || undefined,
  };
}
