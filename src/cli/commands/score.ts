import { UsageError } from '../../errors.js';
import { commandScorer, loadModelScorer, type Scorer, scoreData, TfBackend } from '../../model/index.js';
import { type CommonReadFlags, num, readOptionsFrom, splitList } from '../flags.js';
import { progressBar } from '../progress.js';
import type { Io } from '../run.js';

/** Flags that choose a scorer: a TF.js model folder or an external command. */
export interface ScorerFlags {
  model?: string;
  scorer?: string;
  /** Columns sent to an external scorer (default: every column). */
  scorerColumns?: string;
  backend?: string;
}

export interface ScoreFlags extends CommonReadFlags, ScorerFlags {
  out?: string;
  scoreColumn?: string;
  keep?: string;
  batchSize?: string;
  format?: string;
}

/** The scorer of `--model DIR` or `--scorer CMD` (exactly one). */
export async function scorerFrom(f: ScorerFlags): Promise<Scorer> {
  if (Boolean(f.model) === Boolean(f.scorer)) {
    throw new UsageError(
      'scorer_choice',
      'Give either --model DIR (a TF.js model) or --scorer "COMMAND" (an external scorer).',
      {
        hint: 'Train a model with `fairprobe train DATA --label y --features a,b --out model/`.',
      },
    );
  }
  const backend = (f.backend ?? 'cpu') as TfBackend;
  if (!Object.hasOwn(TfBackend, backend)) {
    throw new UsageError('bad_backend', `Unknown --backend "${f.backend}".`, { hint: 'Use cpu or auto.' });
  }
  if (f.model) return loadModelScorer(f.model, { backend });
  return commandScorer(f.scorer!, { columns: f.scorerColumns ? splitList(f.scorerColumns) : undefined });
}

/** `fairprobe score DATA --model DIR | --scorer CMD --out scored.csv`. */
export async function scoreCommand(data: string, flags: ScoreFlags, io: Io): Promise<number> {
  if (!flags.out) {
    throw new UsageError('no_out', 'Name the scored output file with --out (a CSV).', {
      hint: `For example: fairprobe score ${data} --model model/ --out scored.csv`,
    });
  }
  const scorer = await scorerFrom(flags);
  try {
    const summary = await scoreData(data, {
      scorer,
      out: flags.out,
      scoreColumn: flags.scoreColumn,
      keep: flags.keep ? splitList(flags.keep) : undefined,
      batchSize: num('batch-size', flags.batchSize),
      read: readOptionsFrom(flags),
      onProgress: progressBar(io, 'scoring'),
    });
    if (flags.format === 'json') io.out(JSON.stringify(summary, null, 2));
    else {
      const s = summary.scores;
      io.err(
        `scored ${summary.rows} rows in ${summary.batches} batch(es) with ${summary.scorer} (${summary.backend}), ` +
          `${Math.round(summary.rowsPerSecond)} rows/s → ${summary.out} (column "${summary.scoreColumn}"; ` +
          `mean ${s.mean?.toFixed(4) ?? '—'}, min ${s.min?.toFixed(4) ?? '—'}, max ${s.max?.toFixed(4) ?? '—'})`,
      );
      if ((s.min != null && s.min < 0) || (s.max != null && s.max > 1)) {
        io.err(
          `note: the scores are not all probabilities in [0, 1]; audit them with --raw-scores and a --threshold on their scale (or check the scorer).`,
        );
      }
    }
  } finally {
    scorer.close();
  }
  return 0;
}
