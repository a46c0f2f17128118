import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PolicyError } from '../errors.js';
import { RANKING_AT_METRICS, RANKING_LIST_METRICS } from '../ranking/index.js';
import { closestNames, editDistance } from '../util/strings.js';
import { policyMessages as msg } from './messages.js';
import { RULE_METRIC_IDS } from './rule-metrics.js';
import { DriftPolicyFileSchema, type Policy, PolicySchema } from './schema.js';

type Path = readonly PropertyKey[];

/** One problem found in a policy file: where (1-based line and column, key path) and what. */
export interface PolicyIssue {
  /** 1-based line in the file, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The key path, e.g. `rules[0].metric`. */
  readonly path: string;
  readonly message: string;
}

/** A policy file that does not validate; `issues` lists every problem, in file order. */
export class PolicyValidationError extends PolicyError {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[], file: string | undefined) {
    const where = (i: PolicyIssue) =>
      [i.line !== undefined ? `line ${i.line}` : undefined, i.path || undefined].filter(Boolean).join(', ');
    const text = (i: PolicyIssue) => (where(i) ? `${where(i)}: ${i.message}` : i.message);
    const head = file ? `${file} is not a valid policy` : 'The policy is not valid';
    super(
      'bad_policy',
      issues.length === 1
        ? `${head}: ${text(issues[0]!)}${/[.?!]$/.test(text(issues[0]!)) ? '' : '.'}`
        : `${head} (${issues.length} problems):\n${issues.map((i) => `  - ${text(i)}`).join('\n')}`,
      {
        file,
        hint: 'Compare with the starter policy from `fairprobe init`, or validate against schema/policy.schema.json.',
      },
    );
    this.issues = issues;
  }
}

/**
 * Reads and validates a policy file (YAML).
 * @throws {PolicyValidationError} naming each problem with its line and the nearest valid name.
 * @example
 * loadPolicy('fairness-policy.yml').rules[0].metric // => 'disparate_impact'
 */
export function loadPolicy(path: string): Policy {
  return parsePolicy(readPolicyText(path), { file: path });
}

/**
 * Reads and validates a policy file for `fairprobe drift`: as {@link loadPolicy}, but a file may have
 * no rules (only its `drift:` section, columns and attributes).
 * @throws {PolicyValidationError} naming each problem with its line and the nearest valid name.
 * @example
 * loadDriftPolicy('drift-policy.yml').drift?.bands?.psi // => { warn: 0.1, alarm: 0.25 }
 */
export function loadDriftPolicy(path: string): Policy {
  return parsePolicy(readPolicyText(path), { file: path, forDrift: true });
}

function readPolicyText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PolicyError('policy_unreadable', `Cannot read the policy file ${path}.`, {
      file: path,
      hint:
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'Check the path, or write a starter policy with `fairprobe init`.'
          : String((e as Error).message),
    });
  }
  return text;
}

/**
 * The 1-based line of a key in a policy file (e.g. `['attributes', 0, 'reference']`), for errors
 * found after the file was validated; undefined when the file or the key cannot be read.
 * @example
 * policyLine('fairness-policy.yml', ['attributes', 0, 'reference']) // => 20
 */
export function policyLine(path: string, keyPath: readonly (string | number)[]): number | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter });
    const offset = nodeAt(doc.contents, keyPath)?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  } catch {
    return undefined;
  }
}

/**
 * Parses and validates policy text (YAML or JSON).
 * @throws {PolicyValidationError} naming each problem with its line and the nearest valid name.
 * @example
 * parsePolicy('rules:\n  - metric: disparate_impact\n    min: 0.8\n').uncertainty // => 'confident'
 */
export function parsePolicy(
  text: string,
  options: { file?: string | undefined; forDrift?: boolean | undefined } = {},
): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: undefined, column: undefined };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    throw new PolicyValidationError(
      doc.errors.map((e) => ({ ...at(e.pos[0]), path: '', message: msg.yamlSyntax(firstLine(e.message)) })),
      options.file,
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    throw new PolicyValidationError([{ ...at(0), path: '', message: msg.emptyFile() }], options.file);
  }
  const r = (options.forDrift ? DriftPolicyFileSchema : PolicySchema).safeParse(data);
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((issue) =>
    describeIssue(issue, data).map((d) => ({
      ...at(nodeAt(doc.contents, d.path, d.key)?.range?.[0]),
      path: pathText(d.path, d.key),
      message: d.message,
    })),
  );
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw new PolicyValidationError(issues, options.file);
}

/**
 * Validates a policy given as an object (from a program, not a file): the same checks, without
 * line numbers.
 * @throws {PolicyValidationError}
 */
export function validatePolicy(input: unknown): Policy {
  const r = PolicySchema.safeParse(input);
  if (r.success) return r.data;
  throw new PolicyValidationError(
    r.error.issues.flatMap((issue) =>
      describeIssue(issue, input).map((d) => ({
        line: undefined,
        column: undefined,
        path: pathText(d.path, d.key),
        message: d.message,
      })),
    ),
    undefined,
  );
}

interface Described {
  readonly path: Path;
  /** For unknown keys: the key itself (the line is the key's line). */
  readonly key?: string | undefined;
  readonly message: string;
}

/** Turns a zod issue into plain words, with the nearest valid names. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): Described[] {
  const path = issue.path;
  const found = valueAt(data, path);
  const last = path[path.length - 1];
  if (last === 'metric' && typeof found === 'string' && issue.code !== 'unrecognized_keys') {
    // Metric ids, or ranking metric names (skew_at_k@100): name the nearest of either.
    const suffix = found.includes('@') ? found.slice(found.indexOf('@')) : '';
    const at = /^@\d+(\.\d+)?%?$/.test(suffix) ? suffix : '@100';
    const names = [
      ...RULE_METRIC_IDS,
      ...RANKING_LIST_METRICS,
      ...Object.keys(RANKING_AT_METRICS).map((id) => `${id}${at}`),
    ];
    return [{ path, message: msg.unknownMetric(found, nearest(found, names, 3)) }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path);
      return issue.keys.map((key) => ({
        path,
        key,
        message: msg.unknownKey(key, where(path), nearest(key, known, 2)),
      }));
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const text = String(found);
      if (last === 'metric' && typeof found === 'string') {
        return [{ path, message: msg.unknownMetric(text, nearest(text, options, 3)) }];
      }
      if (typeof found !== 'string' && found !== undefined && options.length > 0) {
        return [{ path, message: msg.wrongType(orOptions(options), describeValue(found)) }];
      }
      if (found === undefined)
        return [{ path: path.slice(0, -1), message: msg.missingKey(String(last), where(path.slice(0, -1))) }];
      return [{ path, message: msg.notOneOf(text, options, nearest(text, options, 2)) }];
    }
    case 'invalid_type':
      if (found === undefined && typeof last === 'string') {
        return [{ path: path.slice(0, -1), message: msg.missingKey(last, where(path.slice(0, -1))) }];
      }
      return [{ path, message: msg.wrongType(article(issue.expected), describeValue(found)) }];
    case 'invalid_union': {
      // A misspelt choice in a union of a choice list and something else: name the choices.
      for (const branch of issue.errors) {
        const only = branch.length === 1 ? branch[0] : undefined;
        if (only?.code === 'invalid_value' && only.path.length === 0 && typeof found === 'string') {
          const options = only.values.map(String);
          return [{ path, message: msg.notOneOf(found, options, nearest(found, options, 2)) }];
        }
      }
      return [{ path, message: issue.message }];
    }
    case 'too_small':
    case 'too_big':
      return [
        {
          path,
          message: `${issue.message.replace(/^Too (small|big): /, '')}, found ${describeValue(found)}`,
        },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

/** The closest candidates (by edit distance), keeping only those as close as the best one. */
function nearest(name: string, candidates: readonly string[], max: number): string[] {
  const lower = name.toLowerCase();
  const scored = closestNames(name, candidates, 20)
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d);
  const best = scored[0]?.d ?? 0;
  return scored
    .filter((x) => x.d <= best)
    .slice(0, max)
    .map((x) => x.c);
}

function orOptions(options: readonly string[]): string {
  return options.length === 1 ? options[0]! : `one of ${options.join(', ')}`;
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping of keys to values';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v}"`;
  if (typeof v === 'number' && !Number.isInteger(v)) return `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** "the policy", "rule 1", "attribute 2", "rules[0].warn" — where a key sits, in words. */
function where(path: Path): string {
  if (path.length === 0) return 'the policy';
  if (path.length === 2 && path[0] === 'rules') return `rule ${Number(path[1]) + 1}`;
  if (path.length === 2 && path[0] === 'attributes') return `attribute ${Number(path[1]) + 1}`;
  return pathText(path);
}

function pathText(path: Path, key?: string): string {
  const parts = key === undefined ? path : [...path, key];
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The YAML node at a path (for an unknown key: the key's node), to find its line. */
function nodeAt(root: unknown, path: Path, key?: string): Node | undefined {
  let node = root as Node | null | undefined;
  let best = node ?? undefined;
  for (const k of path) {
    if (!node || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    const next = isMap(node)
      ? (items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k) as { value?: Node } | undefined)
          ?.value
      : typeof k === 'number'
        ? (items[k] as Node | undefined)
        : undefined;
    if (!next) break;
    node = next;
    best = next;
  }
  if (key !== undefined && node && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return best ?? undefined;
}

/** The keys the schema accepts at a path (for "did you mean"). */
function knownKeys(path: Path): string[] {
  let s = unwrap(PolicySchema as unknown as ZodLike);
  for (const k of path) {
    if (!s) return [];
    if (s.def.type === 'array' && typeof k === 'number') s = unwrap(s.def.element);
    else if (s.def.type === 'object' && typeof k === 'string') s = unwrap(s.def.shape?.[k]);
    else return [];
  }
  return s?.def.type === 'object' ? Object.keys(s.def.shape ?? {}) : [];
}

interface ZodLike {
  readonly def: {
    readonly type: string;
    readonly innerType?: ZodLike;
    readonly element?: ZodLike;
    readonly shape?: Record<string, ZodLike>;
    readonly options?: readonly ZodLike[];
    readonly in?: ZodLike;
  };
}

function unwrap(s: ZodLike | undefined): ZodLike | undefined {
  let x = s;
  for (let i = 0; x && i < 10; i++) {
    const t = x.def.type;
    if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'readonly') x = x.def.innerType;
    else if (t === 'pipe') x = x.def.in;
    else if (t === 'union') x = x.def.options?.find((o) => unwrap(o)?.def.type === 'object');
    else break;
  }
  return x;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
