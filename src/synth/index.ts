/**
 * Seeded synthetic prospect-scoring data with known, documented injected biases (see
 * `datasets/README.md`), for tests, examples, demos and benchmarks.
 */
export { generateProspects } from './generate-prospects.js';
export { PROSPECT_BIAS } from './prospect-model.js';
export {
  AGE_BANDS,
  type AgeBand,
  COMPANY_SIZES,
  type CompanySize,
  DEFAULT_ROWS,
  DEFAULT_SEED,
  DEFAULT_START_DATE,
  GENDERS,
  type Gender,
  INDUSTRIES,
  type Industry,
  PROSPECT_COLUMNS,
  PROSPECT_DUCKDB_TYPES,
  type ProspectColumn,
  type ProspectColumns,
  type ProspectOptions,
  REGIONS,
  type Region,
} from './schema.js';
export { type ProspectFiles, writeProspects } from './write-prospects.js';
export { writeProspectsCsv } from './write-prospects-csv.js';
export { writeProspectsParquet } from './write-prospects-parquet.js';
