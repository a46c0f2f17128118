import type { StatsFile } from './serialize.js';

/** Where a stats file is inconsistent (a path such as `groups[3].hist.pos[0]`) and what is wrong there. */
export interface StatsProblem {
  readonly path: string;
  readonly message: string;
}

/** A path as written in messages: `groups[3].hist.pos`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || '(top level)';
}

const CELLS = ['tp', 'fp', 'tn', 'fn', 'up', 'un'] as const;
const HISTS = ['pos', 'neg', 'unl'] as const;

class Found extends Error {
  constructor(readonly problem: StatsProblem) {
    super(problem.message);
  }
}

function fail(path: readonly PropertyKey[], message: string): never {
  throw new Found({ path: pathText(path), message });
}

function rowsOf(cells: StatsFile['groups'][number]['cells']): number {
  return CELLS.reduce((a, c) => a + cells[c].n, 0);
}

/**
 * The first way a stats file that has the right shape (zod) contradicts itself, or undefined when
 * it does not: bins beyond the histogram, groups of unknown attributes or values, repeated groups,
 * cells of no rows with weights, groups holding more rows than the whole, and so on. These are what
 * `fairprobe stats` always writes, so a file breaking them was edited or damaged; reading it
 * anyway would crash later or give wrong numbers.
 */
export function checkStatsFile(f: StatsFile): StatsProblem | undefined {
  try {
    check(f);
    return undefined;
  } catch (e) {
    if (e instanceof Found) return e.problem;
    throw e;
  }
}

function check(f: StatsFile): void {
  const { lo, hi, bins } = f.histogram;
  if (!(hi > lo)) fail(['histogram', 'hi'], `is ${hi}, not above histogram.lo (${lo})`);
  // Attributes and their values.
  const attrs = new Set<string>();
  f.attributes.forEach((a, i) => {
    if (attrs.has(a)) fail(['attributes', i], `names "${a}" a second time`);
    attrs.add(a);
  });
  const known = `the file's attributes (${f.attributes.join(', ')})`;
  for (const a of f.attributes) {
    const list = f.values[a];
    if (!list) fail(['values'], `has no list of values for the attribute "${a}"`);
    const seen = new Set<string>();
    list.forEach((v, i) => {
      if (seen.has(v)) fail(['values', a, i], `repeats the value "${v}"`);
      seen.add(v);
    });
  }
  for (const a of Object.keys(f.values)) {
    if (!attrs.has(a)) fail(['values', a], `lists values of "${a}", which is not among ${known}`);
  }
  for (const a of Object.keys(f.rows.missingGroup)) {
    if (!attrs.has(a))
      fail(['rows', 'missingGroup', a], `counts missing values of "${a}", which is not among ${known}`);
  }
  // Group sets.
  const sets = new Set<string>();
  f.groupSets.forEach((set, i) => {
    set.forEach((a, j) => {
      if (!attrs.has(a)) fail(['groupSets', i, j], `names "${a}", which is not among ${known}`);
      if (set.indexOf(a) !== j) fail(['groupSets', i, j], `names "${a}" a second time`);
    });
    const id = JSON.stringify(set);
    if (sets.has(id)) fail(['groupSets', i], `repeats the set ${set.join(' × ')}`);
    sets.add(id);
  });
  // Features.
  const featureKinds = new Map<string, string>();
  (f.features?.columns ?? []).forEach((c, i) => {
    if (featureKinds.has(c.column)) fail(['features', 'columns', i], `names "${c.column}" a second time`);
    featureKinds.set(c.column, c.kind);
  });
  // Groups: the overall group first, then groups of the sets, each once.
  if (f.groups.length === 0) fail(['groups'], 'is empty: it needs at least the overall group');
  const where = new Map<string, number>();
  const setRows = new Map<string, number>();
  f.groups.forEach((g, i) => {
    const at = (...rest: PropertyKey[]) => ['groups', i, ...rest];
    const { attributes, values } = g.key;
    if (i === 0 && attributes.length > 0)
      fail(at('key', 'attributes'), 'must be empty: the first group is the overall group');
    if (i > 0 && attributes.length === 0)
      fail(at('key', 'attributes'), 'is empty, but only the first group is the overall group');
    checkKey(f, values, attributes, at('key'));
    const id = JSON.stringify([attributes, values]);
    const first = where.get(id);
    if (first !== undefined) fail(at('key'), `repeats the group of groups[${first}]`);
    where.set(id, i);
    for (const c of CELLS) {
      const m = g.cells[c];
      if (m.n === 0 && (m.w !== 0 || m.w2 !== 0 || m.s !== 0 || m.s2 !== 0))
        fail(at('cells', c), 'has no rows (n is 0) but non-zero weight or score sums');
    }
    for (const h of HISTS) {
      const taken = new Set<number>();
      g.hist[h].forEach(([bin], j) => {
        if (bin >= bins)
          fail(
            at('hist', h, j),
            `names bin ${bin}, but the histogram has ${bins} bins (histogram.bins), numbered 0 to ${bins - 1}`,
          );
        if (taken.has(bin)) fail(at('hist', h, j), `names bin ${bin} a second time`);
        taken.add(bin);
      });
    }
    for (const [col, d] of Object.entries(g.features ?? {})) {
      const kind = featureKinds.get(col);
      if (kind === undefined)
        fail(at('features', col), `is not among the feature columns of the file (features.columns)`);
      if (kind !== d.kind)
        fail(at('features', col, 'kind'), `is ${d.kind}, but features.columns says ${kind}`);
      const weights = d.kind === 'numeric' ? d.buckets.map((b) => b[1]) : Object.values(d.counts);
      const held = weights.reduce((a, w) => a + w, 0) + d.missing;
      // The weights of the buckets (or categories) and of the missing values make the feature's Σ weight.
      if (Math.abs(held - d.w) > 1e-9 * Math.max(1, d.w))
        fail(at('features', col, 'w'), `is ${d.w}, but its buckets and missing values hold ${held}`);
      if (d.kind === 'numeric') {
        const grid = f.features?.grid;
        // The largest bucket index a finite value can have on the file's grid.
        const top = grid
          ? grid.offset + Math.ceil(Math.log(Number.MAX_VALUE) / Math.log(grid.gamma))
          : Infinity;
        const taken = new Set<number>();
        d.buckets.forEach(([b, w, wx], j) => {
          if (taken.has(b)) fail(at('features', col, 'buckets', j), `names bucket ${b} a second time`);
          if (!Number.isInteger(b) || Math.abs(b) > top)
            fail(
              at('features', col, 'buckets', j),
              `names bucket ${b}, which no value falls in on the file's grid`,
            );
          // Σ weight × point / Σ weight is the bucket's point: within the bucket (0.5% slack for rounding).
          if (grid && w > 0 && b !== 0) {
            const point = Math.abs(wx / w);
            const hi = grid.gamma ** (Math.abs(b) - grid.offset);
            if (
              !(point <= hi * 1.005 && point >= (hi / grid.gamma) * 0.995) ||
              Math.sign(wx) !== Math.sign(b)
            )
              fail(
                at('features', col, 'buckets', j),
                `holds a value sum of ${wx} that falls outside bucket ${b}`,
              );
          }
          taken.add(b);
        });
      }
    }
    if (i > 0)
      setRows.set(
        JSON.stringify(attributes),
        (setRows.get(JSON.stringify(attributes)) ?? 0) + rowsOf(g.cells),
      );
  });
  // Rows: every row used is in the overall group, and in one group of each set.
  const overall = f.groups[0]!.cells;
  const used = rowsOf(overall);
  if (f.rows.used !== used)
    fail(['rows', 'used'], `is ${f.rows.used}, but the overall group (groups[0]) holds ${used} rows`);
  if (f.rows.used > f.rows.read)
    fail(['rows', 'used'], `is ${f.rows.used}, more than rows.read (${f.rows.read})`);
  const unlabeled = overall.up.n + overall.un.n;
  if (f.rows.unlabeled !== unlabeled)
    fail(
      ['rows', 'unlabeled'],
      `is ${f.rows.unlabeled}, but the overall group holds ${unlabeled} unlabeled rows (cells up and un)`,
    );
  const sourceRows = f.provenance.sources.reduce((a, s) => a + s.rows, 0);
  if (f.provenance.sources.length > 0 && sourceRows !== f.rows.read)
    fail(['provenance', 'sources'], `list ${sourceRows} rows read in all, but rows.read is ${f.rows.read}`);
  // Groups left out for privacy: known keys, each once; their sets may then hold fewer rows.
  const leftOut = new Map<string, number>();
  const incomplete = new Set<string>();
  (f.suppressed?.groups ?? []).forEach((g, i) => {
    checkKey(f, g.values, g.attributes, ['suppressed', 'groups', i]);
    const id = JSON.stringify([g.attributes, g.values]);
    const first = leftOut.get(id);
    if (first !== undefined)
      fail(['suppressed', 'groups', i], `repeats the group of suppressed.groups[${first}]`);
    leftOut.set(id, i);
    incomplete.add(JSON.stringify(g.attributes));
  });
  f.groupSets.forEach((set, i) => {
    const rows = setRows.get(JSON.stringify(set)) ?? 0;
    const partial = incomplete.has(JSON.stringify(set));
    if (partial ? rows > used : rows !== used)
      fail(
        ['groupSets', i],
        `(${set.join(' × ')}) has groups of ${rows} rows in all, but the overall group holds ${used}` +
          (f.suppressed && !partial && rows < used ? ', and suppressed.groups lists none of its groups' : ''),
      );
  });
}

/** A group key: attributes of one of the file's sets, one known value each. */
function checkKey(
  f: StatsFile,
  values: readonly string[],
  attributes: readonly string[],
  at: readonly PropertyKey[],
): void {
  if (attributes.length > 0 && !f.groupSets.some((s) => JSON.stringify(s) === JSON.stringify(attributes)))
    fail([...at, 'attributes'], `${attributes.join(' × ')} is not one of the file's groupSets`);
  if (values.length !== attributes.length)
    fail([...at, 'values'], `has ${values.length} values for ${attributes.length} attributes`);
  values.forEach((v, j) => {
    const a = attributes[j]!;
    if (!(f.values[a] ?? []).includes(v))
      fail([...at, 'values', j], `"${v}" is not among the values listed for ${a} (values.${a})`);
  });
}
