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
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
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
      .description(
        'profile a data file: column types, missing and distinct counts, and which columns look like score, label or sensitive attributes',
      )
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

  withReadOptions(
    program
      .command('audit')
      .description(
        'audit scored data: per-group and intersectional metrics with intervals, disparities vs a reference group, significance',
      )
      .argument('[data]', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz)')
      .option('--stats <files...>', 'audit saved stats files (from `fairprobe stats`, merged) instead of data')
      .option('--score <col>', 'score column (a probability in [0, 1] unless --raw-scores)')
      .option('--label <col>', 'real outcome column (0/1, true/false, yes/no; or map with --positive)')
      .option('--group <cols>', 'sensitive attributes, comma-separated; bin numeric ones: age:25,35,45,55')
      .option('--prediction <col>', 'a 0/1 decision column (instead of score >= threshold)')
      .option('--weight <col>', 'row weights')
      .option('--id <col>', 'identifier column (never written to any output)')
      .option('--threshold <t>', 'select leads with score >= t', '0.5')
      .option(
        '--select-top <k>',
        'select the top k leads (500) or share (20%) by score instead of a threshold',
      )
      .option(
        '--raw-scores',
        'scores are not probabilities (no [0, 1] check; Brier and ECE are not computed)',
      )
      .option(
        '--positive <values>',
        'label values meaning "converted" (comma-separated); others are 0 unless --negative',
      )
      .option('--negative <values>', 'label values meaning "not converted"')
      .option(
        '--reference <rule>',
        'reference group: largest, min-metric, best, or gender=male,age_band=25-34',
        'largest',
      )
      .option('--intersections <mode>', 'intersections of attributes: none, pairs or all', 'pairs')
      .option('--min-group-size <n>', 'warn about groups with fewer rows', '30')
      .option('--suppress-below <n>', 'suppress groups with fewer rows from all output (privacy)', '10')
      .option('--confidence <level>', 'confidence level of intervals', '0.95')
      .option('--bootstrap <n>', 'bootstrap replicates for intervals of differences and ratios', '1000')
      .option('--seed <n>', 'random seed of the bootstrap', '42')
      .option('--correction <method>', 'multiple-testing correction: holm, bh or none', 'holm')
      .option('--missing <policy>', 'missing sensitive values: as-group, drop or error', 'as-group')
      .option('--max-groups <n>', 'most distinct values a group column may have', '50')
      .option('--format <format>', 'output: table, json or md', 'table')
      .option('--out <file>', 'write the output to a file (atomically) instead of stdout')
      .option('--created-at <iso>', 'timestamp to record instead of now (reproducible results)')
      .addHelpText(
        'after',
        `
Examples:
  fairprobe audit datasets/prospects.csv --score score --label converted --group gender,age_band
  fairprobe audit leads.parquet --score p --label won --group gender,age:25,35,45,55 --select-top 20%
  fairprobe audit bank.csv --label y --group marital,age:25,61 --na unknown --format json --out audit.json

Exit codes: 0 ok · 1 usage or input error · 3 internal error`,
      ),
  ).action(
    action(io, async (data: string | undefined, flags: Record<string, unknown>) => {
      const { auditCommand } = await import('./commands/audit.js');
      return auditCommand(data, flags, io);
    }),
  );

  withReadOptions(
    program
      .command('stats')
      .description('compute the sufficient statistics of a data file (aggregates only) and save them for later audits or merging')
      .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz)')
      .option('--score <col>', 'score column')
      .option('--label <col>', 'real outcome column')
      .option('--group <cols>', 'sensitive attributes, comma-separated; bin numeric ones: age:25,35,45,55')
      .option('--prediction <col>', 'a 0/1 decision column (instead of score >= threshold)')
      .option('--weight <col>', 'row weights')
      .option('--threshold <t>', 'select leads with score >= t', '0.5')
      .option('--select-top <k>', 'select the top k leads (500) or share (20%) by score')
      .option('--raw-scores', 'scores are not probabilities')
      .option('--positive <values>', 'label values meaning "converted"')
      .option('--negative <values>', 'label values meaning "not converted"')
      .option('--intersections <mode>', 'none, pairs or all', 'pairs')
      .option('--missing <policy>', 'missing sensitive values: as-group, drop or error', 'as-group')
      .option('--max-groups <n>', 'most distinct values a group column may have', '50')
      .option('--out <file>', 'write the stats file here (atomically) instead of stdout')
      .addHelpText(
        'after',
        `
The stats file holds aggregates only (counts and score histograms per group), so a baseline or a
partition can be kept without keeping anybody's personal data (data minimisation).

Examples:
  fairprobe stats datasets/prospects.csv --score score --label converted --group gender,age_band --out base.stats.json
  fairprobe audit --stats jan.stats.json feb.stats.json`,
      ),
  ).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { statsCommand } = await import('./commands/stats.js');
      return statsCommand(data, flags, io);
    }),
  );

  program
    .command('metrics')
    .description('list the metrics with their definitions')
    .option('--explain', 'print each formula and description')
    .option('--format <format>', 'output: table or json', 'table')
    .action(
      action(io, async (flags: { explain?: boolean; format?: string }) => {
        const { metricsCommand } = await import('./commands/metrics.js');
        return metricsCommand(flags, io);
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
