import { createHash } from 'node:crypto';
import {
  type AuditSettings,
  type AuditSettingsInput,
  parseSettings,
  splitReference,
} from '../audit/options.js';
import type { GroupSpec, Roles } from '../data/index.js';
import { UsageError } from '../errors.js';
import type { Policy, PolicyAttribute } from './schema.js';

/** What the library or command line said, which overrides the policy file. */
export interface PolicyOverrides {
  readonly roles: Roles;
  readonly settings: AuditSettingsInput;
}

/** A policy merged with the options of one audit: what the audit runs with and what it is judged by. */
export interface ResolvedPolicy {
  /** The roles to audit (policy columns and attributes, unless the options name them). */
  readonly roles: Roles;
  /** The audit settings (policy values, overridden by the options, then defaults). */
  readonly settings: AuditSettings;
  /** The effective policy: the file's criteria with every override applied. */
  readonly policy: Policy;
  /** The policy keys the options set to another value than the file's, e.g. `decision`, `min_group_size`. */
  readonly overridden: readonly string[];
}

const RULES = new Set(['largest', 'min-metric', 'best']);

/**
 * Merges a policy with an audit's options (options win) into the settings the audit runs with and
 * the effective policy it is judged by.
 * @throws {UsageError} when neither the options nor the policy name a sensitive attribute.
 * @example
 * resolvePolicy(policy, { roles: { groups: [] }, settings: { threshold: 0.6 } }).policy.decision
 * // => { threshold: 0.6 }
 */
export function resolvePolicy(policy: Policy, options: PolicyOverrides): ResolvedPolicy {
  const given = defined(options.settings);
  const overridden: string[] = [];
  const from = (key: keyof AuditSettingsInput, policyKey: string, policyValue: unknown) => {
    if (given[key] !== undefined && given[key] !== policyValue) overridden.push(policyKey);
    return given[key] !== undefined ? given[key] : policyValue;
  };
  // Decision: a threshold on the command line replaces a policy's top-k and vice versa.
  const d = policy.decision ?? {};
  const cliDecision = given.threshold !== undefined || given.selectTop !== undefined;
  const decision = cliDecision
    ? { threshold: given.selectTop === undefined ? given.threshold : undefined, selectTop: given.selectTop }
    : {
        threshold: d.threshold,
        selectTop: selectTopText(d.select_top),
      };
  if (
    cliDecision &&
    (decision.threshold !== d.threshold || decision.selectTop !== selectTopText(d.select_top))
  ) {
    overridden.push('decision');
  }
  // Attributes: options name the groups → they replace the policy's list (references kept by column).
  const attributes: PolicyAttribute[] =
    options.roles.groups.length > 0
      ? options.roles.groups.map((g) => {
          const p = policy.attributes?.find((a) => a.column === g.column);
          return {
            column: g.column,
            ...(p?.reference !== undefined ? { reference: p.reference } : {}),
            ...(g.edges ? { bins: [...g.edges] } : p?.bins ? { bins: p.bins } : {}),
          };
        })
      : (policy.attributes ?? []);
  if (options.roles.groups.length > 0) {
    const same =
      JSON.stringify((policy.attributes ?? []).map((a) => [a.column, a.bins])) ===
      JSON.stringify(attributes.map((a) => [a.column, a.bins]));
    if (!same) overridden.push('attributes');
  }
  if (attributes.length === 0) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute.', {
      hint: 'List them under attributes: in the policy, or pass --group gender,age_band.',
    });
  }
  // References: a --reference text replaces the policy's references.
  let reference = policy.reference;
  let withRefs = attributes;
  if (given.reference !== undefined) {
    if (RULES.has(given.reference)) {
      reference = given.reference as Policy['reference'];
      withRefs = attributes.map(({ reference: _, ...a }) => a);
    } else {
      reference = 'largest';
      const pairs = new Map(
        splitReference(given.reference).map((p) => [
          p.slice(0, p.indexOf('=')).trim(),
          p.slice(p.indexOf('=') + 1).trim(),
        ]),
      );
      withRefs = attributes.map(({ reference: _, ...a }) =>
        pairs.has(a.column) ? { ...a, reference: pairs.get(a.column)! } : a,
      );
    }
  }
  const refs = (xs: readonly PolicyAttribute[]) => JSON.stringify(xs.map((a) => a.reference));
  if (reference !== policy.reference || refs(withRefs) !== refs(attributes)) overridden.push('reference');
  const named = withRefs.filter((a) => a.reference !== undefined);
  const referenceText =
    given.reference ??
    (named.length > 0 ? named.map((a) => `${a.column}=${a.reference}`).join(',') : reference);
  const intersections = policy.intersections;
  const auditIntersections =
    given.intersections ??
    (Array.isArray(intersections)
      ? intersections.some((t) => t.split('*').length > 2)
        ? 'all'
        : intersections.length > 0
          ? 'pairs'
          : 'none'
      : intersections);
  if (given.intersections !== undefined && given.intersections !== intersections)
    overridden.push('intersections');
  const settings = parseSettings({
    ...given,
    threshold: decision.threshold,
    selectTop: decision.selectTop,
    reference: referenceText,
    intersections: auditIntersections,
    minGroupSize: from('minGroupSize', 'min_group_size', policy.min_group_size) as number,
    suppressBelow: from('suppressBelow', 'suppress_below', policy.suppress_below) as number,
    confidence: from('confidence', 'confidence', policy.confidence) as number,
  });
  const cols = policy.columns ?? {};
  const roles: Roles = {
    ...options.roles,
    score: options.roles.score ?? cols.score,
    label: options.roles.label ?? cols.label,
    prediction: options.roles.prediction ?? cols.prediction,
    weight: options.roles.weight ?? cols.weight,
    groups: withRefs.map(
      (a): GroupSpec => (a.bins ? { column: a.column, edges: a.bins } : { column: a.column }),
    ),
  };
  const effective: Policy = {
    ...policy,
    columns: dropUndefined({
      score: roles.score,
      label: roles.label,
      prediction: roles.prediction,
      weight: roles.weight,
    }),
    attributes: withRefs,
    reference,
    decision:
      settings.selectTop !== undefined
        ? { select_top: settings.selectTop }
        : { threshold: settings.threshold },
    confidence: settings.confidence,
    min_group_size: settings.minGroupSize,
    suppress_below: settings.suppressBelow,
    intersections: given.intersections ?? intersections,
  };
  return { roles, settings, policy: effective, overridden: [...new Set(overridden)] };
}

/**
 * SHA-256 of a policy's canonical JSON (keys sorted, absent keys left out): the same criteria give
 * the same hash however the file was laid out.
 */
export function policySha256(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

/** JSON with object keys sorted at every level and undefined values left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function selectTopText(v: string | number | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return defined(o) as T;
}
