import { readFile } from 'node:fs/promises';
import { normalize, readExports, type AuditEvent, type ExportProblem } from '@b2c-alerts/audit-client';
import { parseTestEvent } from '@b2c-alerts/rule-engine';
import { displayPath } from '../text/display-path.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { problemLine } from './problem-line.js';

const accepted =
  'a directoryAudit as Graph returns it, a Graph page {"value":[...]}, an Event Hub {"records":[...]} envelope (the first record is used), or compact facts as in rule tests ({"activity": ..., "actor": {...}})';

/**
 * The event `rules explain` explains, from a file holding one of the accepted shapes. Problems with the
 * file are usage errors (exit 2) that say which shapes are accepted.
 */
export async function readExplainEvent(file: string): Promise<AuditEvent> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(
      'CLI_ERR_USAGE',
      `Cannot read the event file ${displayPath(file)} (${reason}); give the path of a JSON file holding ${accepted}.`,
      { cause: error },
    );
  }
  const compact = parseTestEvent(text, file);
  if (compact !== undefined) {
    if (compact.event !== undefined) return compact.event;
    throw new CliError(
      'CLI_ERR_USAGE',
      `The event in ${displayPath(file)} is not valid:\n${compact.problems.map(problemLine).join('\n')}`,
    );
  }
  const problems: ExportProblem[] = [];
  for await (const record of readExports([file], { onProblem: (p) => problems.push(p) })) {
    return normalize(record.audit, record.tenant === undefined ? {} : { tenant: record.tenant });
  }
  const lines = problems
    .slice(0, 5)
    .map((p) =>
      escapeControlChars(`  ${displayPath(p.file)}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`),
    );
  throw new CliError(
    'CLI_ERR_USAGE',
    `No event found in ${displayPath(file)}${lines.length > 0 ? `:\n${lines.join('\n')}` : ''}\nExpected ${accepted}.`,
  );
}
