import type { ReplayStats } from './run-replay.js';

/** The per-rule summary printed on stderr after a replay: rule id, matches, alerts, then totals. */
export function formatReplaySummary(stats: ReplayStats): string {
  const width = Math.max(4, ...stats.rules.map((r) => r.ruleId.length));
  const row = (name: string, matches: string | number, alerts: string | number) =>
    `${name.padEnd(width)}  ${String(matches).padStart(9)}  ${String(alerts).padStart(7)}`;
  const lines = [
    `replay: ${stats.records} events read, ${stats.evaluated} evaluated${stats.records > stats.evaluated ? ` (${stats.records - stats.evaluated} outside --since/--until)` : ''}, ${stats.problems} input problem${stats.problems === 1 ? '' : 's'}`,
    row('rule', 'matches', 'alerts'),
    ...stats.rules.map((r) => row(r.ruleId, r.matches, r.alerts)),
    row(
      'total',
      stats.rules.reduce((n, r) => n + r.matches, 0),
      stats.alerts,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
