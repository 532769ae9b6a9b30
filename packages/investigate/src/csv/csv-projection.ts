import type { Projection } from '../query/projection.js';
import { csvRecord } from './csv-cell.js';
import { csvFields } from './csv-columns.js';
import { csvIndexRecord, csvRowsSql } from './csv-index-record.js';

/**
 * Events as CSV records (CRLF included). Raw days render with csvFields, the reference; indexed days
 * read a narrower JSON array per row and render it straight to text (csv-index-record.ts): measured
 * in one process, alternating, 15–35 % less CPU a row than reading an EventRow and rendering it with
 * csvFields (the JSON a fifth shorter, no EventRow, no field array). Of what a row still costs, the
 * engine's scan, sort and JSON take about 40 %, JSON.parse 20 %, the cells and joins 30 %, the
 * driver's string copies the rest: the next step is overlapping a day's query with rendering the last.
 * Measured and left: rendering the cells in SQL (a CASE per cell, or DuckDB's CSV writer over the
 * flattened columns) cost more CPU than the JSON array and ran the engine out of memory at 256 MB;
 * details as [key, value] arrays made the engine slower than the parse saved; hand-written cell
 * checks and joins instead of csvCell measured the same.
 */
export const csvProjection: Projection<string> = {
  sql: csvRowsSql,
  ofSql: (r) => csvIndexRecord(r.j),
  ofRow: (row) => csvRecord(csvFields(row)),
};
