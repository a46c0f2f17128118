import { DEFAULT_BANDS, readHistory } from '../../drift/index.js';
import { UsageError } from '../../errors.js';
import { HISTORY_HEADER, historyHtml, historyRows } from '../../report/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface HistoryFlags {
  format?: string;
  out?: string;
}

/** `fairprobe history FILE`: the trend of recorded drift runs as a table, JSON, or an HTML report. */
export async function historyCommand(file: string, flags: HistoryFlags, io: Io): Promise<number> {
  const format = flags.format ?? 'table';
  if (!['table', 'json', 'html', 'line'].includes(format)) {
    throw new UsageError('bad_format', `Unknown --format "${format}".`, {
      hint: 'Use table, json, line or html.',
    });
  }
  if (format === 'html' && !flags.out) {
    throw new UsageError('html_needs_out', 'An HTML report needs --out FILE.', {
      hint: 'Add --out history.html.',
    });
  }
  const history = await readHistory(file);
  let text: string;
  if (format === 'json') text = `${JSON.stringify(history, null, 2)}\n`;
  else if (format === 'line') text = `${history.runs.map((r) => `#${r.seq} ${r.line}`).join('\n')}\n`;
  else if (format === 'html') {
    const b = history.bands ?? DEFAULT_BANDS;
    text = historyHtml(history, { psi: b.psi, difference: b.fairness.difference, ratio: b.fairness.ratio });
  } else {
    text =
      history.runs.length === 0 ? 'No runs recorded.\n' : `${table(HISTORY_HEADER, historyRows(history))}\n`;
  }
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    io.err(`wrote ${flags.out}`);
  } else io.out(text);
  return 0;
}
