/** The texts of policy validation messages, one named function each (tests assert them). */
import { orList } from '../util/strings.js';

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`);
const didYouMean = (suggestions: readonly string[]) =>
  suggestions.length > 0 ? `; did you mean ${orList(quoted(suggestions))}?` : '';

export const policyMessages = {
  emptyFile: () => 'the policy file is empty',
  notAMapping: () => 'the policy must be a mapping of keys (such as rules:, attributes:) to values',
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  unknownKey: (key: string, where: string, suggestions: readonly string[]) =>
    `unknown key "${key}" in ${where}${didYouMean(suggestions)}`,
  missingKey: (key: string, where: string) => `${where} needs the key "${key}"`,
  wrongType: (expected: string, found: string) => `expected ${expected}, found ${found}`,
  unknownMetric: (name: string, suggestions: readonly string[]) =>
    `unknown metric "${name}"${didYouMean(suggestions)} (run \`fairprobe metrics\` for the list)`,
  notOneOf: (value: string, options: readonly string[], suggestions: readonly string[]) =>
    `"${value}" is not one of ${orList(options)}${didYouMean(suggestions)}`,
  noBound: () => 'a rule needs a bound: min (fails below it), max (fails above it), or both',
  minAboveMax: (min: number, max: number) => `min (${min}) is above max (${max})`,
  warnOnTwoSided: () => 'a rule with both min and max takes its warning levels as warn: { min: …, max: … }',
  warnSideWithoutBound: (side: 'min' | 'max') => `warn.${side} needs a fail bound ${side} in the same rule`,
  warnOutsideBand: (side: 'min' | 'max', warn: number, bound: number) =>
    side === 'min'
      ? `the warning level ${warn} is below the fail bound min ${bound}; it must be at or above it`
      : `the warning level ${warn} is above the fail bound max ${bound}; it must be at or below it`,
  aggregateNotAllowed: (metric: string) =>
    `"${metric}" is not an aggregate metric; remove aggregate: or name one of the aggregates`,
  unknownAttribute: (name: string, known: readonly string[], suggestions: readonly string[]) =>
    `"${name}" is not one of the policy's attributes (${known.join(', ') || 'none'})${didYouMean(suggestions)}`,
  badIntersection: (name: string) =>
    `"${name}" is not an intersection; write two or more attributes joined by *, e.g. gender*age_band`,
  duplicateAttribute: (name: string) => `the attribute "${name}" is listed twice`,
  thresholdAndTop: () => 'give either decision.threshold or decision.select_top, not both',
  badSelectTop: () => 'select_top is a count such as 500 or a share such as 20%',
  referenceAndRule: () =>
    'reference: min-metric or best cannot be combined with reference groups named per attribute',
} as const;
