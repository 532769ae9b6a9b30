import { eventsRelationSql } from '../query/index-relation.js';
import type { Projected } from '../query/projection.js';
import { csvCell } from './csv-cell.js';
import { detailColumns, isoMicros } from './csv-columns.js';

/**
 * The index's side of the CSV export: each row as one JSON array holding only what `csvFields` reads
 * (no operation type, IP key, policy, app or part: a fifth less text to make, move and parse), and its
 * record rendered straight from that array: no EventRow, no field array, one cell array reused.
 * It must give the bytes `csvRecord(csvFields(row))` gives for the same event; the parity tests say so.
 */
export function csvRowsSql(where: string, limitParam: string): string {
  return `WITH ${eventsRelationSql}
SELECT json_array(id, epoch_us(time), coalesce(category_raw, category), activity, result, result_reason, service,
  correlation_id, user_agent, actor_type, actor_id, actor_upn, actor_name, actor_app_id, actor_spn, ip, details,
  targets)::VARCHAR AS j FROM events WHERE ${where}
ORDER BY epoch_us(time) DESC, id DESC LIMIT ${limitParam}`;
}

type Json = unknown[];
interface JsonDetail {
  key: unknown;
  value: unknown;
}
interface JsonTarget {
  id: unknown;
  type: unknown;
  display_name: unknown;
  upn: unknown;
  modified: Array<{ name: unknown; old_value: unknown; new_value: unknown }> | null;
}

const targetCount = 3;
const modifiedCount = 5;
const targetCells = 4 + 3 * modifiedCount;
/** csvHeader's length: 15 event and actor columns, the targets', the id, the app id, the details'. */
const csvColumnCount = 15 + targetCount * targetCells + 2 + detailColumns.length + 1;
const detailAt = new Map(detailColumns.map((key, at) => [key, at]));

/** A cell of a JSON value as `csvCell(str(value))` renders it (null stays empty, anything else is text). */
function cell(value: unknown): string {
  return value === null || value === undefined ? '' : csvCell(typeof value === 'string' ? value : String(value));
}

// Reused by every record (the export renders on one thread): cells are joined once, since building the
// record by concatenation leaves a rope that the batch's join must flatten, measured twice as slow.
const cells: string[] = new Array<string>(csvColumnCount).fill('');
const details: Array<string | undefined> = new Array<string | undefined>(detailColumns.length);

/** One CSV record (CRLF included) with its order keys, from a row of `csvRowsSql`. */
export function csvIndexRecord(j: unknown): Projected<string> {
  const r = JSON.parse(String(j)) as Json;
  const id = String(r[0]);
  const timeUs = Number(r[1]);
  const isUser = r[9] === 'user';
  cells[0] = isoTime(timeUs);
  cells[1] = cell(r[7]);
  cells[2] = cell(r[6]);
  cells[3] = cell(r[2]);
  cells[4] = cell(r[3]);
  cells[5] = cell(r[4]);
  cells[6] = cell(r[5]);
  cells[7] = cell(r[8]);
  cells[8] = cell(r[9]);
  cells[9] = cell(r[12]);
  cells[10] = isUser ? cell(r[10]) : '';
  cells[11] = cell(r[11]);
  cells[12] = cell(r[15]);
  cells[13] = isUser ? '' : cell(r[10]);
  cells[14] = cell(r[14]);
  let k = 15;
  const targets = (r[17] ?? []) as JsonTarget[];
  for (let t = 0; t < targetCount; t++) {
    const target = targets[t];
    if (target === undefined) {
      for (let i = 0; i < targetCells; i++) cells[k++] = '';
      continue;
    }
    cells[k++] = cell(target.type);
    cells[k++] = cell(target.display_name);
    cells[k++] = cell(target.id);
    cells[k++] = cell(target.upn);
    const modified = target.modified ?? [];
    for (let m = 0; m < modifiedCount; m++) {
      const p = modified[m];
      // A property's name is String()ed by the row reader (never null there), its values are not.
      cells[k++] = p === undefined ? '' : csvCell(String(p.name));
      cells[k++] = p === undefined ? '' : cell(p.old_value);
      cells[k++] = p === undefined ? '' : cell(p.new_value);
    }
  }
  cells[k++] = csvCell(id);
  cells[k++] = cell(r[13]);
  // As csvFields: a column takes the first detail of its key (even an empty one), the rest go to the last column.
  details.fill(undefined);
  let others: Array<[string, string]> | undefined;
  for (const d of (r[16] ?? []) as JsonDetail[]) {
    const key = String(d.key);
    const at = detailAt.get(key);
    if (at === undefined) (others ??= []).push([key, String(d.value)]);
    else details[at] ??= String(d.value);
  }
  for (let i = 0; i < details.length; i++) cells[k++] = csvCell(details[i]);
  cells[k] = others === undefined ? '' : csvCell(JSON.stringify(others));
  return { timeUs, id, item: `${cells.join(',')}\r\n` };
}

let dayOf = Number.NaN;
let dayPrefix = '';
const pad2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `isoMicros` without a Date per row: the day's `YYYY-MM-DDT` is made once per day (an export's rows
 * come a day at a time) and the time of day from integer parts. Outside 1970–9999, `isoMicros` itself.
 */
function isoTime(timeUs: number): string {
  if (!(timeUs >= 0 && timeUs < 253_402_300_800_000_000)) return isoMicros(timeUs);
  const day = Math.floor(timeUs / 86_400_000_000);
  if (day !== dayOf) {
    dayOf = day;
    dayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  const ofDay = timeUs - day * 86_400_000_000;
  const seconds = Math.floor(ofDay / 1_000_000);
  const micros = ofDay - seconds * 1_000_000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  return `${dayPrefix}${pad2[h]}:${pad2[m]}:${pad2[seconds % 60]}.${String(micros).padStart(6, '0')}Z`;
}
