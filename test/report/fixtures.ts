/**
 * AuditResults for report tests, audited from small seeded in-memory tables: a typical one with
 * hostile group names and a column name with markup (escaping), and a wide one with many groups
 * (size). All have a fixed createdAt, so reports are reproducible.
 */
import { type AuditResult, audit } from '../../src/audit/index.js';
import { rng } from '../helpers/data.js';

export const XSS_GROUP = '<img src=x onerror=alert(1)>';
export const SCRIPT_GROUP = '</script><script>alert(2)</script>';
export const XSS_COLUMN = 'segment<b>"x"</b>';
export const CREATED_AT = '2026-02-03T04:05:06.000Z';

/** n rows: score, label, gender (with an XSS value), a region column with a hostile name, weights. */
export function hostileRows(n = 1200, seed = 11): Record<string, string | number>[] {
  const r = rng(seed);
  const genders = ['female', 'male', XSS_GROUP, SCRIPT_GROUP];
  const regions = ['north', 'south', 'east & west'];
  return Array.from({ length: n }, (_, i) => {
    const g = genders[i % 13 === 0 ? 2 : i % 17 === 0 ? 3 : i % 2]!;
    const base = g === 'female' ? 0.4 : 0.5;
    const score = Math.min(0.9999, Math.max(0, base + (r() - 0.5) * 0.8));
    return {
      score: Math.round(score * 1e4) / 1e4,
      converted: r() < score * 0.6 ? 1 : 0,
      gender: g,
      [XSS_COLUMN]: regions[Math.floor(r() * 3)]!,
    };
  });
}

let cached: Promise<AuditResult> | undefined;

/** The typical result: gender × segment with pairs, hostile names, a few suppressed intersections. */
export function hostileResult(): Promise<AuditResult> {
  cached ??= audit(
    { rows: hostileRows() },
    {
      roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }, { column: XSS_COLUMN }] },
      createdAt: CREATED_AT,
      replicates: 200,
      suppressBelow: 20,
    },
  );
  return cached;
}

/** A result with many groups: 3 attributes of 40, 12 and 6 values, all pairs (size test). */
export function wideResult(): Promise<AuditResult> {
  const r = rng(5);
  const rows = Array.from({ length: 60_000 }, (_, i) => {
    const score = Math.round(r() * 1e4) / 1e4;
    return {
      score,
      converted: r() < score ? 1 : 0,
      region: `region-${String(i % 40).padStart(2, '0')}`,
      band: `band-${Math.floor(r() * 12)}`,
      tier: `tier-${Math.floor(r() * 6)}`,
    };
  });
  return audit(
    { rows },
    {
      roles: {
        score: 'score',
        label: 'converted',
        groups: [{ column: 'region' }, { column: 'band' }, { column: 'tier' }],
      },
      createdAt: CREATED_AT,
      replicates: 50,
    },
  );
}
