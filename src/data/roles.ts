import { UsageError } from '../errors.js';

/** A sensitive attribute: a column, and for numeric columns the bin edges (e.g. age 18,25,35). */
export interface GroupSpec {
  readonly column: string;
  /** Ascending bin edges for a numeric attribute; bins are `<e0`, `[e0,e1)`, …, `>=ek`. */
  readonly edges?: readonly number[] | undefined;
}

/**
 * Which column plays which part. Only these columns are ever read (data minimisation).
 * - `score`: the model's score (a probability in [0,1] unless raw scores are allowed)
 * - `prediction`: the decision (0/1); otherwise derived from the score
 * - `label`: the real outcome (0/1), optional: a label-free audit still reports selection rates
 * - `groups`: sensitive attributes
 * - `weight`, `time`, `id`, `features`: optional
 */
export interface Roles {
  readonly score?: string | undefined;
  readonly prediction?: string | undefined;
  readonly label?: string | undefined;
  readonly groups: readonly GroupSpec[];
  readonly weight?: string | undefined;
  readonly time?: string | undefined;
  readonly id?: string | undefined;
  readonly features?: readonly string[] | undefined;
}

/**
 * Parses `--group` text: comma-separated columns, a numeric one followed by `:` and its bin
 * edges, e.g. `gender,age:18,25,35,50,65,region`.
 * @throws {UsageError} on empty names or edges that are not ascending numbers.
 * @example
 * parseGroupSpecs('gender,age:18,25') // => [{ column: 'gender' }, { column: 'age', edges: [18, 25] }]
 */
export function parseGroupSpecs(text: string): GroupSpec[] {
  const specs: { column: string; edges?: number[] }[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const last = specs[specs.length - 1];
    if (last?.edges && /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token)) {
      last.edges.push(Number(token));
      continue;
    }
    const colon = token.lastIndexOf(':');
    if (colon > 0 && /^[-+]?\d/.test(token.slice(colon + 1))) {
      const edge = Number(token.slice(colon + 1));
      if (!Number.isFinite(edge)) throw badEdges(token);
      specs.push({ column: token.slice(0, colon), edges: [edge] });
    } else {
      specs.push({ column: token });
    }
  }
  for (const s of specs) if (s.edges) checkEdges(s.column, s.edges);
  return specs;
}

export function checkEdges(column: string, edges: readonly number[]): void {
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]!) || (i > 0 && edges[i]! <= edges[i - 1]!)) {
      throw new UsageError('bad_edges', `The bin edges of "${column}" must be strictly ascending numbers.`, {
        column,
        hint: `Write them like ${column}:18,25,35,50,65.`,
      });
    }
  }
}

function badEdges(token: string): UsageError {
  return new UsageError('bad_edges', `Cannot read the bin edges in "${token}".`, {
    hint: 'Write a numeric attribute with its edges like age:18,25,35,50,65.',
  });
}

/** Text of the bin with index `i` (0 … edges.length) for the given edges. */
export function binLabel(edges: readonly number[], i: number): string {
  if (i <= 0) return `<${edges[0]}`;
  if (i >= edges.length) return `>=${edges[edges.length - 1]}`;
  return `[${edges[i - 1]}, ${edges[i]})`;
}

/** Every column the roles name, once each, in a stable order. */
export function columnsOf(roles: Roles): string[] {
  const names = [
    roles.id,
    roles.time,
    roles.score,
    roles.prediction,
    roles.label,
    roles.weight,
    ...roles.groups.map((g) => g.column),
    ...(roles.features ?? []),
  ].filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}
