import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { type Io, reportError } from './run.js';

/** Adds the flags that control how a data file is read. */
export function withReadOptions(cmd: Command): Command {
  return cmd
    .option('--input-format <format>', 'force the input format: csv, tsv, parquet, json or ndjson')
    .option('--delimiter <char>', 'CSV field delimiter (detected when absent; "tab" for tabs)')
    .addOption(new Option('--header', 'the CSV has a header line (detected when absent)'))
    .addOption(new Option('--no-header', 'the CSV has no header line (name columns with --column-names)'))
    .option('--column-names <names>', 'comma-separated names for a CSV without a header')
    .option('--na <values...>', 'cell texts that mean "missing", e.g. --na unknown ? (empty cells always do)')
    .option('--memory-limit <size>', 'DuckDB memory limit, e.g. 500MB; beyond it DuckDB spills to disk')
    .option('--temp-dir <dir>', 'where DuckDB spills when over the memory limit')
    .option('--threads <n>', 'worker threads (default: all cores)');
}

/** Runs an action and turns its result or error into an exit code, in one place. */
export function action<A extends unknown[]>(io: Io, fn: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.opts() as { format?: string; json?: boolean };
    try {
      process.exitCode = await fn(...args);
    } catch (e) {
      process.exitCode = reportError(e, io, opts.format === 'json' || opts.json === true);
    }
  };
}

/** The `fairprobe` program. Each command lazily imports its module and makes one library call. */
export function buildProgram(io: Io): Command {
  const program = new Command('fairprobe')
    .description(
      'Audit prospect-scoring (lead-scoring) models for unequal treatment of groups of people:\n' +
        'per-group and intersectional metrics with confidence intervals, disparities, policies and reports.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .addHelpText(
      'after',
      `
Start here:
  fairprobe inspect datasets/prospects.csv
  fairprobe audit datasets/prospects.csv --score score --label converted --group gender,age_band

Exit codes: 0 ok · 1 usage or input error · 2 policy failed / drift alarm · 3 internal error`,
    );

  withReadOptions(
    program
      .command('inspect')
      .description('profile a data file: column types, missing and distinct counts, and which columns look like score, label or sensitive attributes')
      .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz)')
      .option('--format <format>', 'output: table or json', 'table')
      .addHelpText(
        'after',
        `
Examples:
  fairprobe inspect datasets/prospects.csv
  fairprobe inspect leads.parquet --format json
  fairprobe inspect bank.csv --na unknown`,
      ),
  ).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { inspectCommand } = await import('./commands/inspect.js');
      return inspectCommand(data, flags, io);
    }),
  );

  program
    .command('synth')
    .description("write the project's seeded synthetic prospect-scoring dataset (CSV and Parquet)")
    .option('--out <dir>', 'output folder', 'datasets')
    .option('--rows <n>', 'number of leads', '20000')
    .option('--seed <n>', 'random seed', '20261129')
    .option('--csv-only', 'write only the CSV (for large benchmark files)')
    .addHelpText(
      'after',
      `
The data has documented injected biases (see datasets/README.md): female leads get lower scores at
equal conversion rates, the 55+ band is under-selected, the east region drifts in the last three
months, and company_size is fair by construction.

Examples:
  fairprobe synth --out datasets
  fairprobe synth --out /tmp/big --rows 1000000 --csv-only`,
    )
    .action(
      action(io, async (flags: { out: string; rows: string; seed: string; csvOnly?: boolean }) => {
        const { synthCommand } = await import('./commands/synth.js');
        return synthCommand(flags, io);
      }),
    );

  return program;
}
