import { UsageError } from '../errors.js';
import { closestNames } from '../util/strings.js';

/** The assessment of one finding as a DPIA risk, filled in by the controller. */
export interface DpiaRiskAssessment {
  readonly likelihood?: string | undefined;
  readonly severity?: string | undefined;
  readonly mitigation?: string | undefined;
  readonly residualRisk?: string | undefined;
}

/** One line of the sign-off block. */
export interface DpiaSignOff {
  readonly role: string;
  readonly name?: string | undefined;
  readonly date?: string | undefined;
  readonly decision?: string | undefined;
}

/**
 * What the controller states for the DPIA annex. Nothing here is ever invented by the report:
 * every absent field is shown as "Not provided — to be completed by the controller".
 */
export interface DpiaInfo {
  /** The purpose of the processing (the model's use). */
  readonly purpose?: string | undefined;
  /** The lawful basis under GDPR Art. 6 (and Art. 9 condition if special-category data is processed). */
  readonly lawfulBasis?: string | undefined;
  readonly controller?: string | undefined;
  /** The data protection officer. */
  readonly dpo?: string | undefined;
  readonly dataSubjects?: string | undefined;
  readonly recipients?: string | undefined;
  readonly retention?: string | undefined;
  /** Mitigations considered (one per item). */
  readonly mitigations?: readonly string[] | undefined;
  /** Assessments of findings, by finding id (F1, F2, …). */
  readonly risks?: Readonly<Record<string, DpiaRiskAssessment>> | undefined;
  readonly signOff?: readonly DpiaSignOff[] | undefined;
}

/** The text shown where the controller has not provided a field. */
export const NOT_PROVIDED = 'Not provided — to be completed by the controller';

const KEYS: Record<string, keyof DpiaInfo> = {
  purpose: 'purpose',
  lawfulBasis: 'lawfulBasis',
  lawful_basis: 'lawfulBasis',
  controller: 'controller',
  dpo: 'dpo',
  dataSubjects: 'dataSubjects',
  data_subjects: 'dataSubjects',
  recipients: 'recipients',
  retention: 'retention',
  mitigations: 'mitigations',
  risks: 'risks',
  signOff: 'signOff',
  sign_off: 'signOff',
};

function text(v: unknown, where: string): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new UsageError('bad_dpia', `The DPIA field "${where}" must be text.`, {
    hint: 'Write it as a quoted string in the DPIA file.',
  });
}

/**
 * Reads DPIA information from a parsed YAML/JSON object: either the fields themselves or an object
 * with a top-level `dpia` key (so a policy file with a `dpia` section works). Accepts camelCase and
 * snake_case keys.
 * @throws {UsageError} when a field has the wrong type or is unknown.
 * @example
 * parseDpia({ dpia: { lawful_basis: 'Art. 6(1)(f)' } }).lawfulBasis // => 'Art. 6(1)(f)'
 */
export function parseDpia(input: unknown): DpiaInfo {
  const obj = (
    input && typeof input === 'object' && 'dpia' in input ? (input as { dpia: unknown }).dpia : input
  ) as Record<string, unknown> | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UsageError('bad_dpia', 'The DPIA information must be a mapping of fields.', {
      hint: 'For example: purpose: …, lawful_basis: …, controller: …, dpo: …',
    });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = KEYS[k];
    if (!key) {
      // The files are YAML, written snake_case (examples/dpia/dpia.yml); camelCase is read too.
      const written = Object.keys(KEYS).filter((x) => !/[A-Z]/.test(x));
      const near = closestNames(k, Object.keys(KEYS), 1).map((x) => KEYS[x]!);
      const suggestion = near.length ? written.find((x) => KEYS[x] === near[0]) : undefined;
      throw new UsageError('bad_dpia', `Unknown DPIA field "${k}".`, {
        hint: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known fields: ${written.join(', ')}.`,
      });
    }
    if (v === undefined || v === null) continue;
    if (key === 'mitigations') {
      out[key] = (Array.isArray(v) ? v : [v]).map((m, i) => text(m, `mitigations[${i}]`));
    } else if (key === 'risks') {
      const risks: Record<string, DpiaRiskAssessment> = {};
      for (const [id, r] of Object.entries(v as Record<string, Record<string, unknown>>)) {
        const g = (a: string, b = a) => (r?.[a] ?? r?.[b]) as unknown;
        risks[id] = {
          likelihood: g('likelihood') == null ? undefined : text(g('likelihood'), `risks.${id}.likelihood`),
          severity: g('severity') == null ? undefined : text(g('severity'), `risks.${id}.severity`),
          mitigation: g('mitigation') == null ? undefined : text(g('mitigation'), `risks.${id}.mitigation`),
          residualRisk:
            g('residualRisk', 'residual_risk') == null
              ? undefined
              : text(g('residualRisk', 'residual_risk'), `risks.${id}.residual_risk`),
        };
      }
      out[key] = risks;
    } else if (key === 'signOff') {
      out[key] = (Array.isArray(v) ? v : [v]).map((s: Record<string, unknown>, i) => ({
        role: text(s?.role ?? 'Sign-off', `sign_off[${i}].role`),
        name: s?.name == null ? undefined : text(s.name, `sign_off[${i}].name`),
        date: s?.date == null ? undefined : text(s.date, `sign_off[${i}].date`),
        decision: s?.decision == null ? undefined : text(s.decision, `sign_off[${i}].decision`),
      }));
    } else {
      out[key] = text(v, k);
    }
  }
  return out as DpiaInfo;
}

/** Merges DPIA information: fields of `over` win over those of `base`. */
export function mergeDpia(base: DpiaInfo | undefined, over: DpiaInfo | undefined): DpiaInfo {
  const out: Record<string, unknown> = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(over ?? {})) if (v !== undefined) out[k] = v;
  return out as DpiaInfo;
}

/** The sign-off lines: given ones, or controller and DPO lines to sign by hand. */
export function signOffLines(d: DpiaInfo): DpiaSignOff[] {
  if (d.signOff?.length) return [...d.signOff];
  return [
    { role: 'Controller', name: d.controller },
    { role: 'Data protection officer', name: d.dpo },
  ];
}
