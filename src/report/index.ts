/** report/: renderings of an AuditResult (terminal summary, Markdown). Computes no metric. */
export { formatMarkdown, formatSummary } from './summary.js';
