import type { ReplayStats, RuleReplayStats } from './run-replay.js';

/** The per-rule summary printed on stderr after a replay: rule id, matches, alerts, totals, then each rule's evictions. */
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
    ...stats.rules.filter((r) => r.evicted > 0).map(evictionLine),
  ];
  return `${lines.join('\n')}\n`;
}

/** A rule that reached its cap lost the state of its least recently active groups: its alerts may miss some. */
function evictionLine(r: RuleReplayStats): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `replay: ${n(r.evicted)} group${r.evicted === 1 ? '' : 's'} evicted: ${r.ruleId} reached its cap of ${n(r.maxGroups)} groups, ` +
    'so its alerts may miss some (raise maxGroups in its rule file, or --max-groups, if the traffic is legitimate; ' +
    'otherwise investigate the flood of unique values)'
  );
}
