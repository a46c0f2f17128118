import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { InputError, type OffendingRow } from '../errors.js';

const CANDIDATES = [',', ';', '\t', '|'];

/** Splits one CSV line into fields, honouring double quotes. Returns null inside an open quote. */
function countFields(line: string, delim: string): number {
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (ch === delim && !quoted) fields++;
  }
  return fields;
}

/**
 * Scans a delimited text file for rows whose field count differs from the header's, so a
 * malformed CSV is reported with line numbers instead of being read as one wide column.
 * Returns the error to throw, or undefined when every row has the header's field count.
 */
export async function findRaggedRows(path: string, gzip: boolean): Promise<InputError | undefined> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let header: string | undefined;
  let delim = ',';
  let expected = 0;
  let lineNo = 0;
  const bad: OffendingRow[] = [];
  const badLines: number[] = [];
  let count = 0;
  for await (const line of lines) {
    lineNo++;
    if (header === undefined) {
      header = line;
      delim = CANDIDATES.map((d) => ({ d, n: countFields(line, d) })).sort((a, b) => b.n - a.n)[0]!.d;
      expected = countFields(line, delim);
      if (expected <= 1) return undefined;
      continue;
    }
    if (line.trim() === '') continue;
    const n = countFields(line, delim);
    if (n !== expected) {
      count++;
      if (bad.length < 5) {
        bad.push({ row: lineNo - 1, value: line.length > 80 ? `${line.slice(0, 77)}...` : line });
        badLines.push(lineNo);
      }
    }
  }
  lines.close();
  if (count === 0) return undefined;
  const d = delim === '\t' ? 'tab' : `"${delim}"`;
  return new InputError(
    'malformed_csv',
    `The file is malformed: ${count} row${count === 1 ? '' : 's'} ha${count === 1 ? 's' : 've'} a different number of fields than the header's ${expected} (delimiter ${d}), first at line ${badLines[0]}.`,
    {
      file: path,
      rows: bad,
      count,
      hint: `Fix the rows at line${badLines.length > 1 ? 's' : ''} ${badLines.join(', ')} (quote fields that contain ${d}), or export the file again.`,
    },
  );
}
