import { InputError } from '../errors.js';

/** An explicit mapping of label (or prediction) values: which texts mean 1 and which 0. */
export interface LabelRule {
  /** Values meaning the favourable outcome (1), e.g. `['converted']`. */
  readonly positive?: readonly string[] | undefined;
  /** Values meaning 0; when absent with `positive` given, every other value is 0. */
  readonly negative?: readonly string[] | undefined;
}

/** Vocabularies mapped without being told, compared case-insensitively. */
const KNOWN_PAIRS: readonly (readonly [readonly string[], readonly string[]])[] = [
  [
    ['1', '1.0'],
    ['0', '0.0'],
  ],
  [
    ['true', 't'],
    ['false', 'f'],
  ],
  [
    ['yes', 'y'],
    ['no', 'n'],
  ],
];

/** How the values found were mapped, recorded in the AuditResult. */
export interface LabelMapping {
  readonly column: string;
  readonly positive: readonly string[];
  readonly negative: readonly string[];
  readonly rule: 'explicit' | 'vocabulary';
}

/**
 * Maps the distinct texts of a label column to 0/1 by an explicit rule or an unambiguous known
 * vocabulary (0/1, true/false, yes/no). Missing values (null) are not mapped: they mean "no label".
 * @throws {InputError} when values are outside the rule or vocabulary, naming the values found.
 * @example
 * mapLabelValues(['yes', 'no'], {}, { column: 'y' }).positive // => ['yes']
 */
export function mapLabelValues(
  values: readonly string[],
  rule: LabelRule,
  where: { column: string; file?: string | undefined; role?: 'label' | 'prediction' },
): LabelMapping {
  const role = where.role ?? 'label';
  const flag = role === 'label' ? '--positive' : '--prediction-positive';
  const negFlag = role === 'label' ? '--negative' : '--prediction-negative';
  const found = [...new Set(values)].sort();
  if (rule.positive && rule.positive.length > 0) {
    const pos = new Set(rule.positive);
    const neg = rule.negative && rule.negative.length > 0 ? new Set(rule.negative) : undefined;
    const unknown = neg ? found.filter((v) => !pos.has(v) && !neg.has(v)) : [];
    if (unknown.length > 0) {
      throw new InputError(
        'label_not_binary',
        `The ${role} column "${where.column}" has values that are neither positive nor negative: ${list(unknown)}.`,
        {
          file: where.file,
          column: where.column,
          hint: `Values found: ${list(found)}. Add them to ${flag} or ${negFlag}, or treat them as missing with --na.`,
        },
      );
    }
    if (!neg && found.length > 0 && !found.some((v) => pos.has(v))) {
      // e.g. --positive Yes when the data says "yes": every row would silently count as negative.
      throw new InputError(
        'label_positive_not_found',
        `None of the positive values ${list(rule.positive)} occurs in the ${role} column "${where.column}".`,
        {
          file: where.file,
          column: where.column,
          hint: `Values found: ${list(found)}. Name one of them with ${flag} (values are case-sensitive).`,
        },
      );
    }
    const rest = found.filter((v) => !pos.has(v));
    if (!neg && rest.length > 1) {
      // e.g. --positive ">50K" when the data also has ">50K.": that value would silently count as 0.
      throw new InputError(
        'label_not_binary',
        `The ${role} column "${where.column}" has ${rest.length} values besides the positive ${list(found.filter((v) => pos.has(v)))}: ${list(rest)}; fairprobe will not treat them all as negative without being told.`,
        {
          file: where.file,
          column: where.column,
          hint: `Name the negative values with ${negFlag} (e.g. ${negFlag} ${JSON.stringify(rest.join(','))}), add positive ones to ${flag}, or treat some as missing with --na.`,
        },
      );
    }
    return {
      column: where.column,
      positive: found.filter((v) => pos.has(v)),
      negative: rest,
      rule: 'explicit',
    };
  }
  for (const [p, n] of KNOWN_PAIRS) {
    const lower = found.map((v) => v.toLowerCase());
    if (lower.every((v) => p.includes(v) || n.includes(v))) {
      return {
        column: where.column,
        positive: found.filter((v) => p.includes(v.toLowerCase())),
        negative: found.filter((v) => n.includes(v.toLowerCase())),
        rule: 'vocabulary',
      };
    }
  }
  const two = found.length === 2;
  throw new InputError(
    'label_not_binary',
    two
      ? `The ${role} column "${where.column}" has two values, ${list(found)}, and fairprobe will not guess which one is the favourable outcome.`
      : `The ${role} column "${where.column}" is not binary: ${found.length} distinct values found (${list(found.slice(0, 10))}${found.length > 10 ? ', …' : ''}).`,
    {
      file: where.file,
      column: where.column,
      hint: two
        ? `Say which value means the favourable outcome (${role === 'label' ? 'converted' : 'selected'}): ${flag} ${JSON.stringify(found[0])} or ${flag} ${JSON.stringify(found[1])}.`
        : `A ${role} must be 0/1, true/false or yes/no; map other values with ${flag} VALUES (and --negative VALUES), or check that "${where.column}" is the right column.`,
    },
  );
}

function list(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}
