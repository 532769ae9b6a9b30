import { eventRowOfJson, rowsAsJsonSql } from '../query/index-relation.js';
import type { Projection } from '../query/projection.js';
import { csvRecord } from './csv-cell.js';
import { csvFields } from './csv-columns.js';

/**
 * Events as CSV records (CRLF included). Both paths render with csvFields: rendering the hundred
 * cells in SQL measured slower than reading each row as JSON text and rendering it here.
 */
export const csvProjection: Projection<string> = {
  sql: rowsAsJsonSql,
  ofSql: (r) => {
    const row = eventRowOfJson(r.j);
    return { timeUs: row.timeUs, id: row.id, item: csvRecord(csvFields(row)) };
  },
  ofRow: (row) => csvRecord(csvFields(row)),
};
