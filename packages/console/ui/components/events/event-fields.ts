import type { EventRowJson } from '../../api/api-types.js';

/** What the actor filter matches on first (UPN, object id, app id, SPN, name), for a pivot. */
export function actorKey(row: EventRowJson): string | null {
  return row.actorUpn ?? row.actorId ?? row.actorAppId ?? row.actorSpn ?? row.actorName;
}

/** How the table names the actor: the UPN or display name first. */
export function actorLabel(row: EventRowJson): string | null {
  return row.actorUpn ?? row.actorName ?? row.actorSpn ?? row.actorId ?? row.actorAppId;
}

/** What the target filter matches for one target: its id, else its name or UPN. */
export function targetKey(target: EventRowJson['targets'][number]): string | null {
  return target.id ?? target.upn ?? target.displayName;
}

/** The event time as the table shows it: UTC, to the second (the panel shows the microseconds). */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
