import { normalize, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { isoMicros, type EventRow } from '@b2c-alerts/investigate';
import { escapeControlChars } from '../text/escape-control-chars.js';

/** Longest value the panel prints; the rest is counted (the jsonl format prints the whole record). */
const maxValue = 2_000;

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  const cut = text.length > maxValue ? `${text.slice(0, maxValue)}… (${text.length - maxValue} more characters)` : text;
  return escapeControlChars(cut);
}

function section(title: string, pairs: Array<[string, unknown]>): string[] {
  const present = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const width = Math.max(0, ...present.map(([k]) => escapeControlChars(k).length));
  return [title, ...present.map(([k, v]) => `  ${escapeControlChars(k).padEnd(width)}  ${show(v)}`)];
}

/**
 * The details panel of one event, as B2C's portal shows it (Activity; Initiated by; Targets;
 * Additional details) with every additional detail and each modified property as old → new. Event
 * text is shown inert: control and bidi characters as \uXXXX, long values cut.
 */
export function formatEventDetails(row: EventRow, raw: DirectoryAudit | undefined): string {
  const event = raw ? normalize(raw) : undefined;
  const lines: string[] = [
    ...section('Activity', [
      ['Date (UTC)', isoMicros(row.timeUs)],
      ['Activity', row.activity],
      [
        'Category',
        row.categoryRaw && row.categoryRaw !== row.category ? `${row.category} (${row.categoryRaw})` : row.category,
      ],
      ['Result', row.result],
      ['Result reason', row.resultReason],
      ['Service', row.service],
      ['Operation type', row.operationType],
      ['Correlation id', row.correlationId],
      ['Id', row.id],
      ['User agent', row.userAgent],
    ]),
    '',
    ...section('Initiated by (actor)', [
      ['Type', row.actorType],
      ['Object id', row.actorId],
      ['UPN', row.actorUpn],
      ['Display name', row.actorName],
      ['App id', row.actorAppId],
      ['SPN', row.actorSpn],
      ['IP address', row.actorIp],
    ]),
    '',
    'Targets',
  ];
  if (row.targets.length === 0) lines.push('  (none)');
  row.targets.forEach((target, i) => {
    lines.push(
      ...section(`  ${i + 1}.`, [
        ['Type', target.type],
        ['Id', target.id],
        ['Display name', target.displayName],
        ['UPN', target.upn],
      ]).map((l, n) => (n === 0 ? l : `  ${l}`)),
    );
    const modified =
      event?.targets[i]?.modified ?? target.modified.map((m) => ({ name: m.name, old: m.oldValue, new: m.newValue }));
    if (modified.length > 0) lines.push('     Modified properties');
    for (const m of modified) lines.push(`       ${show(m.name)}: ${show(m.old ?? '')} → ${show(m.new ?? '')}`);
  });
  lines.push(
    '',
    ...section(
      'Additional details',
      row.details.map((d) => [d.key, d.value]),
    ),
  );
  if (row.details.length === 0) lines.push('  (none)');
  if (!raw) lines.push('', 'The raw record could not be read from its part; the panel shows what the index keeps.');
  return `${lines.join('\n')}\n`;
}
