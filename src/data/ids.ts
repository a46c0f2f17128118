import { InputError } from '../errors.js';
import { quoteIdent } from '../util/strings.js';
import { type Source, sourceReadError } from './source.js';

/**
 * Checks that an id column holds no value twice (missing ids are not compared), in one query.
 * A repeated id usually means a join multiplied rows, which would count those people twice.
 * @throws {InputError} `duplicate_id`, naming up to 5 repeating rows (1-based) and their ids.
 * @example
 * await checkDuplicateIds(source, 'lead_id') // resolves when every lead_id is unique
 */
export async function checkDuplicateIds(source: Source, column: string): Promise<void> {
  const file = source.info.kind === 'file' ? source.info.name : undefined;
  if (!source.columns.some((c) => c.name === column)) {
    throw new InputError('missing_column', `The id column "${column}" is not in the data.`, {
      file,
      column,
      hint: `Columns in the data: ${source.columns.map((c) => c.name).join(', ')}.`,
    });
  }
  const rel = await source.relation([column]);
  const c = quoteIdent(column);
  const reader = await source.connection
    .runAndReadAll(
      `WITH t AS (SELECT row_number() OVER () AS rn, CAST(${c} AS VARCHAR) AS v FROM ${rel.sql}),
       r AS (SELECT rn, v, row_number() OVER (PARTITION BY v ORDER BY rn) AS k, min(rn) OVER (PARTITION BY v) AS first
             FROM t WHERE v IS NOT NULL)
       SELECT rn, v, first, count(*) OVER () AS total FROM r WHERE k > 1 ORDER BY rn LIMIT 5`,
      rel.params,
    )
    .catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
  const found = reader.getRowObjectsJson().map((r) => ({
    row: Number(r.rn),
    value: String(r.v),
    first: Number(r.first),
    total: Number(r.total),
  }));
  if (found.length === 0) return;
  const count = found[0]!.total;
  const examples = found
    .map((f) => `${JSON.stringify(f.value)} at row ${f.row} (first at row ${f.first})`)
    .join('; ');
  throw new InputError(
    'duplicate_id',
    `The id column "${column}" has ${count} row${count === 1 ? '' : 's'} repeating an earlier id: ${examples}.`,
    {
      file,
      column,
      rows: found.map(({ row, value }) => ({ row, value })),
      count,
      hint: 'Each row must be one person or lead: remove the repeated rows (a join may have multiplied them), or leave out --id.',
    },
  );
}
