import type { AuditResult, GroupResult } from '../audit/index.js';
import type { Comparison } from '../metrics/index.js';
import { attributeName, comparisonText, groupName, significanceText } from './format.js';
import { bandRatioText, bandStatus, FOUR_FIFTHS } from './four-fifths.js';
import { readVerdicts } from './verdicts.js';

/** Screening level of the report for absolute TPR differences (equal opportunity) without a policy. */
export const TPR_GAP_SCREEN = 0.1;

/** A finding: a disparity the report points out, phrased as facts, with its evidence. */
export interface Finding {
  /** A stable id within the report: F1, F2, … in attribute, group and metric order. */
  readonly id: string;
  readonly attribute: string;
  readonly group: string;
  readonly metric: string;
  /** What was observed, e.g. "selection rate ratio 0.69 [0.66, 0.72] against male". */
  readonly observation: string;
  /** Why it is reported, e.g. "outside the four-fifths band (0.8–1.25)". */
  readonly criterion: string;
  /** Statistical evidence, e.g. "statistically significant (p adj. < 0.001, n = 9,602)". */
  readonly evidence: string;
  /** Where the finding comes from: a policy verdict, or the report's screening levels. */
  readonly source: 'policy' | 'screening';
}

function refText(c: Comparison | undefined): string {
  return c?.reference?.length ? c.reference.join(' & ') : 'the reference group';
}

/** Screening findings: selection-rate ratios outside the four-fifths band, large TPR differences. */
function screeningFindings(result: AuditResult): Omit<Finding, 'id'>[] {
  const out: Omit<Finding, 'id'>[] = [];
  for (const a of result.attributes) {
    for (const g of a.groups.filter((x: GroupResult) => !x.isReference)) {
      const di = g.rates?.selection_rate?.ratio;
      if (di && bandStatus(di.value) === 'outside') {
        out.push({
          attribute: attributeName(a),
          group: groupName(g),
          metric: 'selection_rate ratio (disparate impact)',
          observation: `selection rate ratio ${bandRatioText(di)} against ${refText(di)}`,
          criterion: `outside the four-fifths band (${FOUR_FIFTHS.low}–${FOUR_FIFTHS.high})`,
          evidence: significanceText(g.rates?.selection_rate?.difference, g.n),
          source: 'screening',
        });
      }
      const eo = g.rates?.tpr?.difference;
      if (eo?.value != null && Math.abs(eo.value) > TPR_GAP_SCREEN) {
        out.push({
          attribute: attributeName(a),
          group: groupName(g),
          metric: 'tpr difference (equal opportunity)',
          observation: `true positive rate difference ${comparisonText(eo, 3, true)} against ${refText(eo)}`,
          criterion: `larger than ±${TPR_GAP_SCREEN.toFixed(2)} (the report's screening level)`,
          evidence: significanceText(eo, g.n),
          source: 'screening',
        });
      }
    }
  }
  return out;
}

/**
 * The findings of a report: with a policy, every warn or fail verdict; without one, the screening
 * findings (ratios outside the four-fifths band, TPR differences beyond ±0.10).
 */
export function findings(result: AuditResult): Finding[] {
  const verdicts = readVerdicts(result);
  const raw: Omit<Finding, 'id'>[] = verdicts
    ? verdicts
        .filter((v) => v.status === 'fail' || v.status === 'warn')
        .map((v) => ({
          attribute: v.attributes.length ? v.attributes.join(' × ') : 'all leads',
          group: v.group ? v.group.join(' & ') : '(attribute as a whole)',
          metric: v.metric,
          observation: v.reason || `${v.metric} = ${v.value ?? 'not defined'}`,
          criterion: `${v.status === 'fail' ? "outside the policy's tolerance" : "beyond the policy's warning level"}: ${v.ruleText}`,
          evidence: v.interval
            ? `interval [${v.interval.low.toFixed(3)}, ${v.interval.high.toFixed(3)}]${v.n !== null ? `, n = ${v.n}` : ''}`
            : v.n !== null
              ? `n = ${v.n}`
              : '—',
          source: 'policy' as const,
        }))
    : screeningFindings(result);
  return raw.map((f, i) => ({ id: `F${i + 1}`, ...f }));
}
