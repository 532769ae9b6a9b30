import type { Projection } from '../query/projection.js';
import { csvRecord } from './csv-cell.js';
import { csvFields } from './csv-columns.js';
import { csvIndexRecord, csvRowsSql } from './csv-index-record.js';

/**
 * Events as CSV records (CRLF included). Raw days render with csvFields, the reference; indexed days
 * read a narrower JSON array per row and render it straight to text (csv-index-record.ts), which
 * measured about twice as fast: the JSON text and the record's cells were most of an export's time.
 * Rendering the cells in SQL (per-cell CASE expressions, or DuckDB's own CSV writer over flattened
 * columns) measured slower than the JSON array and ran the engine out of memory at 256 MB.
 */
export const csvProjection: Projection<string> = {
  sql: csvRowsSql,
  ofSql: (r) => csvIndexRecord(r.j),
  ofRow: (row) => csvRecord(csvFields(row)),
};
