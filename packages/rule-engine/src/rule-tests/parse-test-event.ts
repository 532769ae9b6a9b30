import type { AuditEvent } from '@b2c-alerts/audit-client';
import { buildTestEvents } from './build-test-events.js';
import { readYamlWithPositions } from '../parsing/read-yaml-with-positions.js';
import type { RuleProblem } from '../parsing/rule-problem.js';
import { testEventSchema } from './tests-file-schema.js';
import { zodIssueProblems } from '../parsing/zod-issue-problems.js';

// Keys that mark a Graph record, page or Azure Monitor envelope rather than compact facts.
const exportKeys = ['activityDateTime', 'activityDisplayName', 'value', 'records', 'properties'];

/**
 * One event written the way rule tests write them (compact facts, or `{ raw: ... }`), from the text of
 * `file`, with file:line:col problems. Undefined when the text is not such an event (it does not parse,
 * or it is not a mapping with `activity` or `raw`, or it looks like a Graph record, page or envelope):
 * then read it with the export readers instead. Timing fields work as in a case of one event.
 */
export function parseTestEvent(
  text: string,
  file: string,
): { event?: AuditEvent; problems: RuleProblem[] } | undefined {
  const doc = readYamlWithPositions(text, { json: file.endsWith('.json') });
  const value = doc.value;
  if (doc.errors.length > 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (!(keys.includes('activity') || keys.includes('raw')) || keys.some((k) => exportKeys.includes(k)))
    return undefined;
  const parsed = testEventSchema.safeParse(value);
  if (!parsed.success) {
    const problems = zodIssueProblems(testEventSchema, value, parsed.error.issues).map((p) => ({
      file,
      ...doc.positionOf(p.path, p.part),
      message: p.message,
    }));
    return { problems };
  }
  return { event: buildTestEvents([parsed.data])[0]!, problems: [] };
}
