import { UsageError } from '../errors.js';

/** A cut-off as asked and the number of top positions it stands for. */
export interface ResolvedCutoff {
  readonly label: string;
  readonly k: number;
}

const PATTERN = /^(\d+(?:\.\d+)?)(%?)$/;

/** Normalises a cut-off to its label: 100 → '100', ' 10 % ' → '10%'. */
export function cutoffLabel(at: number | string): string {
  const text = String(at).replace(/\s+/g, '');
  const m = PATTERN.exec(text);
  if (
    !m ||
    (m[2] === '' && !Number.isInteger(Number(m[1]))) ||
    Number(m[1]) <= 0 ||
    (m[2] && Number(m[1]) > 100)
  ) {
    throw new UsageError('bad_cutoff', `Cannot read the ranking cut-off "${String(at)}".`, {
      hint: 'Give counts or shares of the list, e.g. --at 10,50,100,1%,5%,10%,20%.',
    });
  }
  return m[2] ? `${Number(m[1])}%` : String(Number(m[1]));
}

/**
 * Reads a list of cut-offs (`10,50,1%`) into labels, in the order given, without repeats.
 * @throws {UsageError} for a cut-off that is not a positive count or a share in (0, 100]%.
 * @example
 * parseCutoffs('10, 50,10%') // => ['10', '50', '10%']
 */
export function parseCutoffs(text: string | readonly (number | string)[]): string[] {
  const items = typeof text === 'string' ? text.split(',').filter((s) => s.trim() !== '') : text;
  return [...new Set(items.map(cutoffLabel))];
}

/**
 * The number of top positions a cut-off stands for in a list of `total` leads: a count as given,
 * a share rounded up (as `--select-top` does). Cut-offs beyond the list are left out and returned
 * in `beyond`.
 * @example
 * resolveCutoffs(['10', '1%'], 2000).cutoffs // => [{ label: '10', k: 10 }, { label: '1%', k: 20 }]
 */
export function resolveCutoffs(
  labels: readonly string[],
  total: number,
): { cutoffs: ResolvedCutoff[]; beyond: string[] } {
  const cutoffs: ResolvedCutoff[] = [];
  const beyond: string[] = [];
  for (const label of labels) {
    const k = label.endsWith('%')
      ? Math.min(total, Math.max(1, Math.ceil((Number(label.slice(0, -1)) / 100) * total - 1e-9)))
      : Number(label);
    if (k > total + 1e-9 || total <= 0) beyond.push(label);
    else cutoffs.push({ label, k });
  }
  return { cutoffs, beyond };
}

/**
 * The depths of the selection-rate curve: 10, 20, 50, 100, 200, 500, … below 1% of the list, then
 * every whole percent up to the whole list.
 */
export function curveDepths(total: number): number[] {
  const out = new Set<number>();
  for (let base = 10; base < total / 100; base *= 10) {
    for (const m of [1, 2, 5]) if (base * m < total / 100) out.add(base * m);
  }
  for (let j = 1; j <= 100; j++) out.add(Math.min(total, Math.max(1, Math.ceil((j / 100) * total - 1e-9))));
  return [...out].filter((k) => k > 0 && k <= total).sort((a, b) => a - b);
}
