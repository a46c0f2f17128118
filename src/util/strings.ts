/** Levenshtein edit distance between two strings (case-insensitive callers lower-case first). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` candidates closest to `name`, nearest first (only reasonably close ones). */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((c) => {
      const cl = c.toLowerCase();
      const d = cl.includes(lower) || lower.includes(cl) ? 0.5 : editDistance(lower, cl);
      return { c, d };
    })
    .filter(({ c, d }) => d <= Math.max(2, Math.ceil(Math.max(c.length, name.length) / 3)))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map(({ c }) => c);
}

/** "a", "a or b", "a, b or c" for messages. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Quote a SQL identifier (DuckDB/Postgres style): wrap in double quotes, double any inner quote. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a SQL string literal: wrap in single quotes, double any inner single quote. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Keeps only the named parameters that `sql` uses (DuckDB refuses to bind unused names). */
export function usedParams<T>(sql: string, params: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(params)) {
    if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
  }
  return out;
}

/**
 * Natural order for group values: digit runs compare as numbers, other text by code point, so
 * `1-10, 11-50, 51-200, 201-1000, 1000+` and `2, 10, 20` sort as people expect. Deterministic
 * (no locale data).
 * @example
 * ['10', '9', '1000+'].sort(naturalCompare) // => ['9', '10', '1000+']
 */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y) || x.length - y.length;
      if (d !== 0) return d;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Splits a reference text of ATTRIBUTE=VALUE pairs into its pairs. A comma starts a new pair only
 * when the text after it, up to the next `=`, holds no comma: so values with commas, such as the
 * bins of a numeric attribute (`age=[25, 35)`), stay whole.
 * @example
 * splitReference('gender=male,age=[25, 35)') // => ['gender=male', 'age=[25, 35)']
 */
export function splitReference(text: string): string[] {
  return text.split(/,(?=[^,=]*=)/);
}
