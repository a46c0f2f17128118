/** audit/: the pipeline load → validate → scan → metrics → AuditResult. */
export { type AuditSettings, type AuditSettingsInput, parseSettings } from './options.js';
export type {
  AttributeResult,
  AuditResult,
  AuditWarning,
  GroupResult,
  GroupStatus,
  SuppressedGroup,
} from './result.js';
export { AUDIT_SCHEMA } from './result.js';
export {
  type AuditOptions,
  audit,
  auditFromStats,
  auditStats,
  type CollectOptions,
  collectStats,
} from './run-audit.js';
export { AuditResultSchema, auditJsonSchema } from './schema.js';
export { SUPPRESS_BELOW, suppressStats } from './suppress.js';
