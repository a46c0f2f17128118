/** The CLI's plain-text tables (the renderer lives in util/, so reports and drift default to it). */
export { table } from '../util/text-table.js';
