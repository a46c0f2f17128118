import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { type Io, reportError } from './run.js';
import { withRoleOptions, withStatsOptions } from './shared-options.js';

/** Notes shared by several commands' help. */
const PROBABILITY = '(a probability in [0, 1] unless --raw-scores)';
const LABEL_VALUES = '(0/1, true/false, yes/no; or map with --positive)';
const fromPolicy = (fallback: string) => `(default: from the policy, else ${fallback})`;

/** Adds the flags that control how a data file is read. */
export function withReadOptions(cmd: Command): Command {
  return cmd
    .option('--input-format <format>', 'force the input format: csv, tsv, parquet, json or ndjson')
    .option('--delimiter <char>', 'CSV field delimiter (detected when absent; "tab" for tabs)')
    .addOption(new Option('--header', 'the CSV has a header line (detected when absent)'))
    .addOption(new Option('--no-header', 'the CSV has no header line (name columns with --column-names)'))
    .option('--column-names <names>', 'comma-separated names for a CSV without a header')
    .option(
      '--na <values>',
      'comma-separated cell texts that mean "missing", e.g. --na unknown or --na "?,N/A" (empty cells always do; repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--decimal-comma', 'numbers in the CSV are written with a decimal comma (0,65)')
    .option('--encoding <name>', 'CSV text encoding: utf-8 (default), utf-16 or latin-1')
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
      'Audit prospect-scoring (lead-scoring) models for unequal treatment of groups of people: per-group and ' +
        'intersectional metrics with confidence intervals, disparities, policies, reports and drift monitoring.',
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

  const audit = program
    .command('audit')
    .description(
      'audit scored data: per-group and intersectional metrics with intervals, disparities vs a reference group, significance',
    )
    .argument('[data]', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz)')
    .option(
      '--stats <files...>',
      'audit saved statistics instead of data, merged: stats files (`fairprobe stats`) or results of the `fairprobe sql` query (CSV, Parquet, JSON)',
    )
    .option(
      '--query <file>',
      'with --stats: the query `fairprobe sql` wrote; its header says how to read the results',
    )
    .option('--score-range <lo,hi>', 'with --stats and --raw-scores: the histogram range the query used');
  withRoleOptions(audit, {
    score: { note: PROBABILITY },
    label: { note: LABEL_VALUES },
    group: true,
    prediction: true,
    weight: true,
    id: { note: '(never written to any output)' },
    threshold: { note: fromPolicy('0.5') },
  }).option(
    '--rule <file>',
    'decide by a group-thresholds rule (JSON from `fairprobe mitigate thresholds`) instead of one threshold',
  );
  withRoleOptions(audit, {
    selectTop: { note: 'instead of a threshold' },
    rawScores: { note: '(no [0, 1] check; Brier and ECE are not computed)' },
    positive: { note: '(comma-separated); others are 0 unless --negative' },
    negative: true,
    predictionPositive: true,
    predictionNegative: true,
  });
  withStatsOptions(audit, {
    reference: {
      description: `reference group: largest, min-metric, best, or gender=male,age_band=25-34 ${fromPolicy('largest')}`,
    },
    intersections: { note: fromPolicy('pairs') },
    minGroupSize: { note: fromPolicy('30') },
    suppressBelow: { note: '(privacy; default: from the policy, else 10)' },
    confidence: { note: fromPolicy('0.95') },
  })
    .option(
      '--ranking [spec]',
      'ranking and exposure fairness of the list by score; spec: histogram (default) or exact, log (default) or geometric:P, e.g. exact,geometric:0.9',
    )
    .option(
      '--at <cutoffs>',
      'ranking cut-offs: counts and shares of the list (default 10,50,100,1%,5%,10%,20%)',
    )
    .option('--policy <file>', 'judge the audit by a fairness policy (YAML; write one with `fairprobe init`)')
    .option(
      '--fail-on <when>',
      'with --policy: exit 2 when a rule fails (fail, default), also on warnings (warn), or never',
    );
  withStatsOptions(audit, {
    bootstrap: { note: 'for intervals of differences and ratios', default: '1000' },
    seed: { note: 'of the bootstrap', default: '42' },
    correction: { default: 'holm' },
    missing: { default: 'as-group' },
    maxGroups: { default: '50' },
  })
    .option(
      '--format <format>',
      'output: table, json, md or html (md and html with --out write the full report; default: from the --out extension, else table)',
    )
    .option('--specs <dir>', "also write each chart's Vega-Lite spec to DIR as *.vl.json")
    .option('--explain', 'append the formula and meaning of every metric in the output (table format)')
    .option('--out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--created-at <iso>', 'timestamp to record instead of now (reproducible results)')
    .addHelpText(
      'after',
      `
Examples:
  fairprobe audit datasets/prospects.csv --score score --label converted --group gender,age_band
  fairprobe audit leads.parquet --score p --label won --group gender,age:25,35,45,55 --select-top 20%
  fairprobe audit bank.csv --label y --group marital,age:25,61 --na unknown --format json --out audit.json
  fairprobe audit scored.csv --policy fairness-policy.yml --format md --out audit.md
  fairprobe audit scored.csv --policy fairness-policy.yml --threshold 0.6 --fail-on warn
  fairprobe audit datasets/prospects.csv --score score --label converted --group gender,age_band --ranking --at 100,10%,20%

With --policy, the policy supplies the columns, attributes, references, decision and sizes it names;
options given here override it, and the result records the effective policy and its SHA-256.

Exit codes:
  0  ok: no policy, or every rule passes (warnings allowed unless --fail-on warn)
  1  usage or input error (bad option, unreadable data, invalid policy file)
  2  the policy failed (a rule failed; with --fail-on warn, also a warning)
  3  internal error (a bug: please report it)`,
    );
  withReadOptions(audit).action(
    action(io, async (data: string | undefined, flags: Record<string, unknown>) => {
      const { auditCommand } = await import('./commands/audit.js');
      return auditCommand(data, flags, io);
    }),
  );

  const stats = program
    .command('stats')
    .description(
      'compute the sufficient statistics of a data file (aggregates only) and save them for later audits or merging',
    )
    .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz)');
  withRoleOptions(stats, {
    score: true,
    label: true,
    group: true,
    prediction: true,
    weight: true,
    threshold: { note: '(default 0.5)' },
    selectTop: true,
    rawScores: true,
    positive: true,
    negative: true,
    predictionPositive: true,
    predictionNegative: true,
  });
  withStatsOptions(stats, {
    intersections: { description: 'none, pairs or all', default: 'pairs' },
    missing: { default: 'as-group' },
    maxGroups: { default: '50' },
    suppressBelow: {
      description:
        'leave groups with fewer rows out of the stats file (and as many more as stop them being worked out by subtraction); default: keep all, so partitions merge exactly',
    },
  })
    .option('--query <file>', 'DATA is the result of this `fairprobe sql` query: convert it to a stats file')
    .option('--out <file>', 'write the stats file here (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
The stats file holds aggregates (counts and score histograms per group), no row and no identifier, so a
baseline or a partition can be kept without the data itself. A group of very few rows still reveals
them (a group of one holds that person's score bin, decision and outcome): when groups under 10 rows
are kept, a warning says so; keep such a file as securely as the data, or pass --suppress-below 10 to
leave them out (the file lists them, and audits report them as suppressed; merged partitions are then
no longer exact for those groups).

Examples:
  fairprobe stats datasets/prospects.csv --score score --label converted --group gender,age_band --out base.stats.json
  fairprobe stats week.csv --score score --label converted --group gender,region --suppress-below 10 --out week.stats.json
  fairprobe audit --stats jan.stats.json feb.stats.json`,
    );
  withReadOptions(stats).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { statsCommand } = await import('./commands/stats.js');
      return statsCommand(data, flags, io);
    }),
  );

  withReadOptions(
    program
      .command('init')
      .description('write a commented starter fairness policy (YAML) to review and use with audit --policy')
      .argument('[file]', 'where to write it', 'fairness-policy.yml')
      .option(
        '--for <data>',
        'fill in the score, label and sensitive attributes (largest group as reference) of this data',
      )
      .option('--force', 'overwrite the file if it exists')
      .addHelpText(
        'after',
        `
The starter policy checks the four-fifths rule on selection rates (disparate_impact >= 0.8), equal
opportunity (|TPR gap| <= 0.1), the calibration gap (<= 0.05) and minimum group sizes, with warning
bands; uncertainty mode "confident" (fail only when the whole interval is beyond the bound).

Examples:
  fairprobe init
  fairprobe init --for datasets/prospects.csv
  fairprobe init policies/leads.yml --for leads.parquet --force

Exit codes: 0 written · 1 the file exists (use --force) or the data cannot be read · 3 internal error`,
      ),
  ).action(
    action(io, async (file: string | undefined, flags: Record<string, unknown>) => {
      const { initCommand } = await import('./commands/init.js');
      return initCommand(file, flags, io);
    }),
  );

  const sql = program
    .command('sql')
    .description(
      "print the one aggregation query that computes the audit's sufficient statistics in your warehouse (duckdb, postgres, spark, trino, bigquery)",
    )
    .option('--dialect <engine>', 'duckdb, postgres, spark, trino or bigquery')
    .option('--table <name>', 'table or view with the scored rows; dots separate its parts (crm.leads)');
  withRoleOptions(sql, {
    score: { note: PROBABILITY },
    label: true,
    group: true,
    prediction: true,
    weight: true,
    threshold: { default: '0.5' },
    selectTop: { description: 'not possible in one aggregation query: pass the k-th score as --threshold' },
    rawScores: { note: '(then give --score-range)' },
  })
    .option('--score-range <lo,hi>', 'histogram range for raw scores, the same for every partition')
    .option('--out <file>', 'write the query here (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
The query groups the table once by every attribute, the label, the decision and a 1000-bin score
histogram; only those aggregates leave the database. Its header holds the settings: keep the file,
save the query's result as CSV, Parquet or JSON, and audit it (several results are merged):

Examples:
  fairprobe sql --dialect postgres --table crm.leads --score score --label converted --group gender,age_band --out audit.sql
  psql -c "\\copy ($(grep -v '^--' audit.sql)) TO 'result.csv' CSV HEADER"
  fairprobe audit --stats result.csv --query audit.sql
  fairprobe sql --dialect bigquery --table my-project.crm.leads --score p --label won --group gender,age:25,35,45,55`,
    )
    .action(
      action(io, async (flags: Record<string, unknown>) => {
        const { sqlCommand } = await import('./commands/sql.js');
        return sqlCommand(flags, io);
      }),
    );

  program
    .command('report')
    .description(
      'render a saved AuditResult as a self-contained HTML report (with a DPIA annex) or Markdown with SVG charts',
    )
    .argument('<result>', 'an AuditResult JSON file (fairprobe audit ... --format json --out result.json)')
    .option(
      '--out <file>',
      'the report file (.html, or .md with charts beside it: report.md → report-charts/); default: stdout',
    )
    .option('--format <format>', 'html or md (default: from the --out extension, else html)')
    .option('--specs <dir>', "also write each chart's Vega-Lite spec to DIR as *.vl.json")
    .option('--title <text>', 'the report title (default: "Fairness audit: SOURCE")')
    .option('--dpia <file>', 'DPIA statements (YAML or JSON): purpose, lawful_basis, controller, dpo, ...')
    .option('--purpose <text>', 'DPIA: the purpose of the processing')
    .option('--lawful-basis <text>', 'DPIA: the lawful basis (GDPR Art. 6, and Art. 9 condition if any)')
    .option('--controller <name>', 'DPIA: the controller')
    .option('--dpo <name>', 'DPIA: the data protection officer')
    .option('--data-subjects <text>', 'DPIA: whose data is processed')
    .option('--recipients <text>', 'DPIA: who receives the decisions')
    .option('--retention <text>', 'DPIA: how long the data is kept')
    .option(
      '--mitigation <text>',
      'DPIA: a mitigation considered (repeat the option for several)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addHelpText(
      'after',
      `
Statements absent from the options are shown as "Not provided — to be completed by the controller";
the report never invents them. The HTML file inlines vega, vega-lite and vega-embed and loads nothing
from the network; the same AuditResult always renders the same bytes.

Examples:
  fairprobe audit datasets/prospects.csv --score score --label converted --group gender --format json --out result.json
  fairprobe report result.json --out report.html --purpose "Prioritise inbound leads" --controller "Acme GmbH"
  fairprobe report result.json --out report.md --specs charts/
  fairprobe report result.json --out report.html --dpia dpia.yml

Exit codes: 0 written · 1 unreadable or invalid result or DPIA file · 3 internal error`,
    )
    .action(
      action(io, async (file: string, flags: Record<string, unknown>) => {
        const { reportCommand } = await import('./commands/report.js');
        return reportCommand(file, flags, io);
      }),
    );

  const mitigate = program
    .command('mitigate')
    .description(
      'write mitigated data (reweigh, resample, synthesize, repair, flip) and, with --evaluate, the before/after evidence',
    )
    .argument('<method>', 'reweigh, resample, synthesize, repair, flip or thresholds')
    .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz); never modified');
  withRoleOptions(mitigate, {
    group: { description: 'sensitive attributes, comma-separated (strata are their intersection)' },
    label: { note: LABEL_VALUES },
    positive: { note: '(comma-separated)' },
    negative: true,
  }).option('--features <cols>', 'features (synthesize, repair, and the --evaluate model)');
  withRoleOptions(mitigate, {
    weight: { description: 'input row weights (respected by every method and carried to the output)' },
    id: true,
  })
    .option('--pseudonymize <key>', 'replace ids by their HMAC-SHA-256 under KEY (env:VAR reads the key)')
    .option('--seed <n>', 'random seed', '42')
    .option('--out <file>', 'output file: .csv, .csv.gz or .parquet (written atomically)')
    .option('--out-format <format>', 'csv or parquet (default: from the --out extension)')
    .option('--weight-column <name>', 'reweigh: output weight column (default: --weight, else "weight")')
    .option('--mode <mode>', 'resample: uniform or preferential; flip: swap or all')
    .option('--rank-by <col>', 'resample --mode preferential: the score ranking rows')
    .option('--target <target>', 'synthesize: equal-base-rates, equal-group-shares, equal-shares-and-rates')
    .option('--rows <n>', 'synthesize: total synthetic rows (shared over strata by deficit)')
    .option('--k <n>', 'synthesize: neighbours per seed row', '5')
    .option('--marker-column <name>', 'synthesize: "synthetic"; flip --mode all: "counterfactual"')
    .option('--lambda <level>', 'repair: repair level in [0, 1]', '1')
    .option('--values <a,b>', 'flip --mode swap: the two values to exchange')
    .option('--evaluate', 'train the reference model before and after, audit both on a held-out split')
    .option('--test-share <share>', '--evaluate: held-out share', '0.3')
    .option('--select-top <k>', '--evaluate: decision audited, top count or share by score', '20%')
    .option('--bootstrap <n>', '--evaluate: bootstrap replicates of the intervals', '1000')
    .option('--epochs <n>', '--evaluate: training steps of the reference model', '300')
    .option('--evaluation-out <file>', '--evaluate: write the evaluation (both audits) as JSON')
    .option('--created-at <iso>', 'timestamp recorded in the audits instead of now')
    .option('--format <format>', 'output: table or json', 'table')
    // thresholds (post-processing; src/cli/commands/mitigate-thresholds.ts)
    .option('--score <col>', 'thresholds: the score column')
    .option('--constraint <c>', 'thresholds: demographic_parity, equal_opportunity or equalized_odds')
    .option('--objective <o>', 'thresholds: selection (keep the number selected, default) or accuracy')
    .option('--threshold <t>', 'thresholds: the original decision, score >= t', '0.5')
    .option('--validation-share <s>', 'thresholds: share of labeled rows the thresholds are fitted on', '0.5')
    .option('--tolerance <t>', 'thresholds: largest constraint gap accepted on the validation split', '0.01')
    .addHelpText(
      'after',
      `
Methods (when to use; what they cannot fix):
  reweigh     before training a model that takes sample weights; does not change a trained model's scores
  resample    before training a model without weights; duplicates add no information
  synthesize  before training, for small (group, label) strata; synthetic outcomes are not real
  repair      before training AND on the data the model scores; changes features, not labels
  flip        to test a model in the loop; fixes nothing by itself, proxies are not flipped
  thresholds  post-processing of a fixed score: group-specific (randomised) thresholds meeting a
              constraint, written as a rule for audit --rule (--out rule.json); uses the sensitive
              attribute at decision time, which has legal implications in some jurisdictions

Output: every input row (resample: the documented target counts), no column dropped; added only:
the weight column (reweigh, when there is no --weight), "synthetic" (synthesize), "counterfactual"
(flip --mode all). CSV cells starting with = + - @ tab or CR get a leading ' (not negative numbers).

Examples:
  fairprobe mitigate reweigh datasets/prospects.csv --group gender --label converted --out rw.csv
  fairprobe audit rw.csv --score score --label converted --group gender --weight weight
  fairprobe mitigate synthesize datasets/prospects.csv --group gender --label converted --id lead_id \\
    --features email_opens,web_visits,industry,company_size --target equal-group-shares --out syn.parquet
  fairprobe mitigate repair datasets/prospects.csv --group gender --features email_opens,web_visits \\
    --label converted --lambda 1 --evaluate --out repaired.csv
  fairprobe mitigate resample datasets/prospects.csv --group gender --label converted \\
    --mode preferential --rank-by score --id lead_id --out rs.csv
  fairprobe mitigate flip datasets/prospects.csv --group gender --mode swap --values female,male --out flipped.csv
  fairprobe mitigate thresholds datasets/prospects.csv --score score --label converted --group gender \\
    --constraint equal_opportunity --out rule.json`,
    );
  withReadOptions(mitigate).action(
    action(io, async (method: string, data: string, flags: Record<string, unknown>) => {
      const { mitigateCommand } = await import('./commands/mitigate.js');
      return mitigateCommand(method, data, flags, io);
    }),
  );

  program
    .command('metrics')
    .description('list the metrics with their definitions')
    .option('--explain', 'print each formula and description')
    .option('--format <format>', 'output: table or json', 'table')
    .addHelpText(
      'after',
      `
Examples:
  fairprobe metrics                      # every metric id, name and favourable direction
  fairprobe metrics --explain            # with each formula and what it needs (labels or not)
  fairprobe metrics --format json        # the registry as JSON, for tooling`,
    )
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

  // Drift monitoring (issue 6).
  const drift = program
    .command('drift')
    .description(
      'compare current scored data with a baseline: score and feature distribution drift, fairness drift, group mix; exit 2 on an alarm',
    )
    .argument('[data]', 'the data file for --time windows (or use --current)')
    .option('--baseline <file>', 'baseline: a data file or a stats file (fairprobe stats / --save-baseline)')
    .option('--current <file>', 'current: a data file or a stats file');
  withRoleOptions(drift, {
    score: true,
    label: { note: '(for error-rate drift)' },
    group: true,
    prediction: true,
    weight: true,
    threshold: { note: '(default 0.5)' },
    rawScores: true,
    positive: true,
    negative: true,
    predictionPositive: true,
    predictionNegative: true,
  }).option('--features <cols>', 'feature columns to watch, comma-separated (numeric or categorical)');
  withStatsOptions(drift, { missing: true, maxGroups: true })
    .option('--time <col>', 'date column: compare time windows of one file')
    .option('--by <unit>', 'window length with --time: day, week or month (default month)')
    .option('--baseline-window <w>', 'with --time: first, previous, or a date such as 2025-06', 'first')
    .option('--bins <n>', 'quantile bins for PSI and JS (default 10)')
    .option('--psi-warn <x>', 'PSI warn band (default 0.1)')
    .option('--psi-alarm <x>', 'PSI alarm band (default 0.25)')
    .option('--fairness-warn <x>', 'warn band of a change in a rate or difference metric (default 0.05)')
    .option('--fairness-alarm <x>', 'alarm band of a change in a rate or difference metric (default 0.10)')
    .option(
      '--significance <p>',
      'a band only counts when the shift is also significant at this level (default 0.05)',
    )
    .option(
      '--min-rows <n>',
      'groups with fewer rows on either side are reported as insufficient (default 50)',
    )
    .option('--metrics <ids>', 'group rates to follow (default selection_rate,tpr,fpr)')
    .option(
      '--disparities <ids>',
      'disparities to follow (default disparate_impact,statistical_parity_difference,equal_opportunity_difference,average_odds_difference)',
    )
    .option('--ratio-warn <x>', 'warn band of a change in a ratio disparity, disparate impact (default 0.1)')
    .option('--ratio-alarm <x>', 'alarm band of a change in a ratio disparity (default 0.2)')
    .option(
      '--policy <file>',
      'a policy file: its drift section (bands, bins, significance, min rows), columns, attributes, threshold, and the rates and disparities its rules judge (flags win)',
    );
  withStatsOptions(drift, {
    reference: {
      description: 'reference group for disparities: largest (in the baseline) or gender=male,...',
    },
    confidence: { note: '(default 0.95)' },
    bootstrap: { note: '(default 1000)' },
    seed: { description: 'bootstrap seed (default 42)' },
    correction: { note: '(default holm)' },
  })
    .option('--history <file>', 'append this run to a history database (DuckDB file, append-only)')
    .option(
      '--save-baseline <file>',
      'also save the baseline statistics (aggregates per group; warns when groups are small) as a stats file',
    )
    .option('--save-current <file>', 'also save the current statistics as a stats file')
    .option('--format <format>', 'output: table, json, line or html', 'table')
    .option('--out <file>', 'write the output to a file (atomically)')
    .option('--all', 'list every check, not only those that warn or alarm')
    .option('--quiet', 'print nothing unless there is a warning or an alarm')
    .option('--fail-on <level>', 'exit 2 on: alarm (default) or warn')
    .option('--created-at <iso>', 'timestamp to record instead of now')
    .addHelpText(
      'after',
      `
Examples:
  fairprobe drift --baseline release.csv --current week.csv --score score --group gender,region --features email_opens,industry --save-baseline base.stats.json
  fairprobe drift --baseline base.stats.json --current week.csv --format line --history drift.duckdb
  fairprobe drift leads.csv --time signup_date --by month --score score --group region --baseline-window first
  fairprobe drift --baseline base.stats.json --current week.csv --policy fairness-policy.yml --quiet

Exit codes: 0 ok · 1 usage or input error · 2 drift alarm · 3 internal error`,
    );
  withReadOptions(drift).action(
    action(io, async (data: string | undefined, flags: Record<string, unknown>) => {
      const { driftCommand } = await import('./commands/drift.js');
      return driftCommand(data, flags, io);
    }),
  );

  program
    .command('history')
    .description('print the trend of recorded drift runs, or render it as an HTML report with alarm bands')
    .argument('<file>', 'history database written by fairprobe drift --history')
    .option('--format <format>', 'output: table, json, line or html', 'table')
    .option('--out <file>', 'write the output to a file (atomically)')
    .addHelpText(
      'after',
      `
Examples:
  fairprobe history drift.duckdb
  fairprobe history drift.duckdb --format html --out drift-history.html`,
    )
    .action(
      action(io, async (file: string, flags: Record<string, unknown>) => {
        const { historyCommand } = await import('./commands/history.js');
        return historyCommand(file, flags, io);
      }),
    );

  // ---- model in the loop (issue 8): score, train, counterfactual, proxies ----
  const withScorer = (cmd: Command) =>
    cmd
      .option('--model <dir>', 'TF.js model folder: model.json, weights and features.json')
      .option(
        '--scorer <command>',
        'external scorer: a command reading CSV rows on stdin, writing one score per line',
      )
      .option('--scorer-columns <cols>', 'columns sent to the external scorer (default: all)')
      .option('--backend <b>', 'cpu (default, deterministic) or auto (tfjs-node when installed)', 'cpu');

  withReadOptions(
    withScorer(
      program
        .command('score')
        .description('score a data set with a TF.js model or an external scorer, in bounded-memory batches')
        .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file (optionally .gz); never modified')
        .option('--out <file>', 'the scored CSV (written atomically): the input columns plus the score')
        .option('--score-column <name>', 'name of the score column added', 'model_score')
        .option('--keep <cols>', 'columns copied to the output (default: all)')
        .option('--batch-size <n>', 'rows per batch (memory is bounded by one batch)', '10000')
        .option('--format <format>', 'summary: text (stderr) or json (stdout)', 'text'),
    ).addHelpText(
      'after',
      `
A progress bar is shown when stderr is a terminal. An external scorer runs once per batch: it reads a
CSV header line and the batch's rows on stdin and writes one score per row on stdout (a header line is
allowed), so models in Python, R or anything else can be audited.

Examples:
  fairprobe train datasets/prospects.csv --label converted --features email_opens,web_visits,industry --out model/
  fairprobe score datasets/prospects.csv --model model/ --out scored.csv
  fairprobe score leads.parquet --scorer "python my_model.py" --out scored.csv
  fairprobe audit scored.csv --score model_score --label converted --group gender`,
    ),
  ).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { scoreCommand } = await import('./commands/score.js');
      return scoreCommand(data, flags, io);
    }),
  );

  const train = program
    .command('train')
    .description(
      'train the reference logistic regression (or a small MLP) with TF.js and save model + feature spec',
    )
    .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file with the label and features');
  withRoleOptions(train, {
    label: { description: `the outcome to predict ${LABEL_VALUES}` },
    positive: true,
    negative: true,
  }).option('--features <cols>', 'feature columns (numeric ones standardised, others one-hot encoded)');
  withRoleOptions(train, { weight: { note: '(e.g. from mitigate reweigh)' } })
    .option('--hidden <n>', 'hidden units of a one-hidden-layer MLP (default: logistic regression)')
    .option('--epochs <n>', 'full-batch Adam steps', '300')
    .option('--learning-rate <r>', 'Adam learning rate (default 0.05; MLP 0.02)')
    .option('--l2 <x>', 'L2 penalty on the weights', '0.0001')
    .option('--seed <n>', 'random seed (initial weights, splits)', '42')
    .option(
      '--fairness-penalty <lambda>',
      'penalise covariance of score and group membership (Zafar et al.); needs --group',
    )
    .option('--group <col>', 'the sensitive attribute of the penalty (training only, never a feature)')
    .option('--sweep <lambdas>', 'trace the fairness–accuracy trade-off across λ values, e.g. 0,0.1,1,10')
    .option('--test-share <s>', '--sweep: held-out share', '0.3')
    .option('--select-share <s>', '--sweep: share selected by score when measuring the parity gap', '0.2')
    .option('--backend <b>', 'cpu (default, deterministic) or auto (tfjs-node when installed)', 'cpu')
    .option(
      '--out <dir>',
      'model folder (model.json, weights.bin, features.json); --sweep: sweep.json, pareto.vl.json',
    )
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Examples:
  fairprobe train datasets/prospects.csv --label converted --features email_opens,web_visits,industry --out model/
  fairprobe train datasets/prospects.csv --label converted --features email_opens,web_visits,industry --hidden 16 --out mlp/
  fairprobe train datasets/prospects.csv --label converted --features email_opens,web_visits,industry \\
    --fairness-penalty 1 --group gender --out fair-model/
  fairprobe train datasets/prospects.csv --label converted --features email_opens,web_visits,industry \\
    --group gender --sweep 0,0.1,1,10 --out sweep/`,
    );
  withReadOptions(train).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { trainCommand } = await import('./commands/train.js');
      return trainCommand(data, flags, io);
    }),
  );

  withReadOptions(
    withScorer(
      program
        .command('counterfactual')
        .description(
          'flip a sensitive attribute (and optionally proxies), rescore, and report how decisions and scores change',
        )
        .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file')
        .option('--flip <col>', 'the sensitive attribute to flip')
        .option('--values <a,b>', 'the values to flip between (default: every value)')
        .option('--proxies <cols>', 'proxy features moved to the other group along with the attribute')
        .option(
          '--proxy-method <m>',
          'quantile (same quantile in the other group, default) or mean (shift by the group means)',
        )
        .option('--threshold <t>', 'decision: score >= t', '0.5')
        .option('--seed <n>', 'random seed (bootstrap, categorical proxies)', '42')
        .option('--bootstrap <n>', 'bootstrap replicates of the mean score change', '1000')
        .option(
          '--format <format>',
          'table, json or html (a self-contained page with the chart; default: from --out, else table)',
        )
        .option('--out <file>', 'write the output to a file (atomically)')
        .option('--specs <dir>', "write the chart's Vega-Lite spec to DIR"),
    ).addHelpText(
      'after',
      `
Examples:
  fairprobe counterfactual datasets/prospects.csv --model model/ --flip gender
  fairprobe counterfactual datasets/prospects.csv --model model/ --flip gender --values female,male --proxies web_visits`,
    ),
  ).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { counterfactualCommand } = await import('./commands/counterfactual.js');
      return counterfactualCommand(data, flags, io);
    }),
  );

  withReadOptions(
    withRoleOptions(
      program
        .command('proxies')
        .description(
          'rank features by how well they predict a sensitive attribute (proxy risk), alone and together',
        )
        .argument('<data>', 'CSV, TSV, Parquet, JSON or NDJSON file'),
      { group: true },
    )
      .option('--features <cols>', 'candidate features')
      .option('--folds <k>', 'cross-validation folds of the all-features model', '5')
      .option('--epochs <n>', 'training steps of each fold model', '200')
      .option('--seed <n>', 'random seed (folds, initial weights)', '42')
      .option(
        '--format <format>',
        'table, json or html (a self-contained page with the charts; default: from --out, else table)',
      )
      .option('--out <file>', 'write the output to a file (atomically)')
      .option('--specs <dir>', "write each chart's Vega-Lite spec to DIR")
      .addHelpText(
        'after',
        `
AUC 0.5 is chance and 1 perfect separation; risk: high >= 0.70, moderate >= 0.60, low >= 0.55.

Examples:
  fairprobe proxies datasets/prospects.csv --group gender,age_band --features email_opens,web_visits,industry,region`,
      ),
  ).action(
    action(io, async (data: string, flags: Record<string, unknown>) => {
      const { proxiesCommand } = await import('./commands/proxies.js');
      return proxiesCommand(data, flags, io);
    }),
  );
  // ---- end model in the loop ----

  return program;
}
