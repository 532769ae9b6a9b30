import type { ReplayStats, RuleReplayStats } from '@b2c-alerts/rule-engine';

/**
 * The per-rule summary printed on stderr after a replay: rule id, matches, skipped, alerts, totals, then
 * each rule's skipped events and evictions.
 */
export function formatReplaySummary(stats: ReplayStats): string {
  const width = Math.max(4, ...stats.rules.map((r) => r.ruleId.length));
  const row = (name: string, matches: string | number, skipped: string | number, alerts: string | number) =>
    `${name.padEnd(width)}  ${String(matches).padStart(9)}  ${String(skipped).padStart(7)}  ${String(alerts).padStart(7)}`;
  const lines = [
    `replay: ${stats.records} events read, ${stats.evaluated} evaluated${stats.records > stats.evaluated ? ` (${stats.records - stats.evaluated} outside --since/--until)` : ''}, ${stats.problems} input problem${stats.problems === 1 ? '' : 's'}`,
    row('rule', 'matches', 'skipped', 'alerts'),
    ...stats.rules.map((r) => row(r.ruleId, r.matches, skippedOf(r), r.alerts)),
    row(
      'total',
      stats.rules.reduce((n, r) => n + r.matches, 0),
      stats.rules.reduce((n, r) => n + skippedOf(r), 0),
      stats.alerts,
    ),
    ...stats.rules.filter((r) => r.skipped.length > 0).map(skippedLine),
    ...stats.rules.filter((r) => r.evicted > 0).map(evictionLine),
  ];
  return `${lines.join('\n')}\n`;
}

function skippedOf(r: RuleReplayStats): number {
  return r.skipped.reduce((n, s) => n + s.count, 0);
}

/** A rule that matched events lacking a value it needs: skipped ones raised nothing, keyless ones went unthrottled. */
function skippedLine(r: RuleReplayStats): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const parts = r.skipped.map(({ reason, count, facts }) => {
    const effect = reason === 'throttle.key' ? 'alerted unthrottled' : 'skipped';
    return `${n(count)} ${effect} for no ${reason} value (none of ${facts.join(', ')})`;
  });
  return (
    `replay: ${r.ruleId} matched events it could not use as written: ${parts.join('; ')}; ` +
    'give the rule fallbacks ({ firstOf: [...] }) if those events matter'
  );
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
