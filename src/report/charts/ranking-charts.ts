import type { AuditResult } from '../../audit/index.js';
import { rankingDepthChart } from './ranking-depth.js';
import { rankingExposureChart } from './ranking-exposure.js';
import { rankingSharesChart } from './ranking-shares.js';
import type { ReportChart } from './types.js';

/** Most groups a ranking chart draws; larger sets (intersections) get tables only. */
export const MAX_RANKING_GROUPS = 12;

/** The ranking charts of one attribute set, in report order; none when the audit has no ranking. */
export function rankingSetCharts(result: AuditResult, index: number): ReportChart[] {
  const s = result.ranking?.sets[index];
  if (!s || s.groups.length > MAX_RANKING_GROUPS) return [];
  return [rankingSharesChart, rankingExposureChart, rankingDepthChart]
    .map((b) => b(result, index))
    .filter((c): c is ReportChart => c !== null);
}

/** Every ranking chart of the report: single attributes only (intersections get tables). */
export function rankingCharts(result: AuditResult): ReportChart[] {
  return (result.ranking?.sets ?? []).flatMap((s, i) =>
    s.attributes.length === 1 ? rankingSetCharts(result, i) : [],
  );
}
