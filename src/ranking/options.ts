import { UsageError } from '../errors.js';
import { parseCutoffs } from './cutoffs.js';
import type { Discount, RankingMode, RankingOptions } from './types.js';

/**
 * Reads the command line's ranking flags: `--ranking [SPEC]`, SPEC a comma list of `histogram`
 * or `exact` (the mode) and `log` or `geometric:P` (the discount), and `--at 10,50,1%`. `--at` alone
 * turns ranking on. Returns undefined when neither is given.
 * @throws {UsageError} naming the part it cannot read.
 * @example
 * rankingOptionsFrom('exact,geometric:0.9', '100,10%')
 * // => { mode: 'exact', discount: { geometric: 0.9 }, at: ['100', '10%'] }
 */
export function rankingOptionsFrom(
  spec: string | boolean | undefined,
  at: string | undefined,
): RankingOptions | undefined {
  if ((spec === undefined || spec === false) && at === undefined) return undefined;
  let mode: RankingMode | undefined;
  let discount: Discount | undefined;
  for (const part of typeof spec === 'string'
    ? spec
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []) {
    const geo = /^geometric:(\d*\.?\d+)$/.exec(part);
    if (part === 'exact' || part === 'histogram') mode = part;
    else if (part === 'log') discount = 'log';
    else if (geo && Number(geo[1]) > 0 && Number(geo[1]) < 1) discount = { geometric: Number(geo[1]) };
    else {
      throw new UsageError('bad_ranking', `Cannot read "${part}" in --ranking.`, {
        hint: 'Use --ranking alone, or a comma list of histogram|exact and log|geometric:P with 0 < P < 1, e.g. --ranking exact,geometric:0.9.',
      });
    }
  }
  return {
    ...(mode ? { mode } : {}),
    ...(discount ? { discount } : {}),
    ...(at !== undefined ? { at: parseCutoffs(at) } : {}),
  };
}
