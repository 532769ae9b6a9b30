import { defaultPollWindowOptions, retentionSafetyMarginMs, type AuditWindow } from '@b2c-alerts/audit-client';
import type { ResolvedFilter } from '@b2c-alerts/investigate';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The window `events --graph` asks Graph for: `--since`/`--until`, inside the seven days Graph keeps
 * (from a minute inside the floor, as the poller plans, so the first request is not refused as too old).
 * `notice` says when `--since` reached further back; `window` is undefined when `--until` is older still.
 */
export function graphWindow(filter: ResolvedFilter, now: number): { window?: AuditWindow; notice?: string } {
  const floor = now - defaultPollWindowOptions.retentionMs + retentionSafetyMarginMs;
  const since = filter.sinceUs === undefined ? undefined : Math.floor(filter.sinceUs / 1000);
  const until = filter.untilUs === undefined ? now : Math.ceil(filter.untilUs / 1000);
  const from = since === undefined ? floor : Math.max(since, floor);
  const days = Math.round(defaultPollWindowOptions.retentionMs / 86_400_000);
  const notice =
    since !== undefined && since < floor
      ? `notice: Microsoft Graph keeps audit events for ${days} days; --since ${iso(since)} was moved to ${iso(from)} (an archive keeps older events: \`events --archive DIR\`).\n`
      : undefined;
  return {
    ...(until >= from ? { window: { from, to: until } } : {}),
    ...(notice === undefined ? {} : { notice }),
  };
}
