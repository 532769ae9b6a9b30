import { eqAnyClause, isAuditClientError, targetIdClause, type ODataClause } from '@b2c-alerts/audit-client';
import type { EventFilterInput } from '@b2c-alerts/investigate';
import { isKnownActivity } from '@b2c-alerts/testkit';

/** Which filters Graph applies; every filter is applied locally too, so this only saves pages. */
export interface GraphPushdown {
  clauses: ODataClause[];
  /** The flags Graph filters on besides the time window and the services, for the notice on stderr. */
  flags: string[];
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest `or` of activities or ids sent to Graph; a longer list is applied locally only, to keep the URL short. */
const maxPushedActivities = 20;

/**
 * The `$filter` clauses `events --graph` adds to the reader's window and service (docs/graph-audit-api.md
 * §1.1). Only a clause that cannot drop an event the local predicate would keep is pushed down. The local
 * match ignores case; Graph documents no case rule for `eq` (only our emulator ignores case), so a value
 * is sent only in the one spelling Graph writes:
 * - `--activity` (several as `or`) → `activityDisplayName eq`, only when every value is exactly
 *   (case and spaces included) a catalogued activity name (testkit's `isKnownActivity`);
 * - `--correlation-id` when it is a GUID → `correlationId eq`, lower-cased (Graph writes GUIDs so);
 * - `--target` when it is a GUID → `targetResources/any(t: t/id eq …)` (a GUID is a target's id, not its name);
 * - event ids (`events show`) → `id eq`.
 * Left local: `--category` (Graph documents no filter on it, and the wire spells a category several
 * ways that the local match folds together), `--result` (no documented filter), `--actor` (a GUID may be
 * `initiatedBy.app.servicePrincipalName`, where B2C writes the client id, and Graph documents no filter
 * there, §5.4), and the rest, which Graph cannot express.
 */
export function graphPushdown(input: EventFilterInput): GraphPushdown {
  const clauses: ODataClause[] = [];
  const flags: string[] = [];
  const push = (flag: string, make: () => ODataClause) => {
    try {
      clauses.push(make());
      flags.push(flag);
    } catch (error) {
      // A value Graph cannot be sent (control characters, too long) is matched locally only.
      if (!isAuditClientError(error)) throw error;
    }
  };
  const activities = input.activity === undefined ? [] : [input.activity].flat();
  if (activities.length > 0 && activities.length <= maxPushedActivities && activities.every(isKnownActivity))
    push('--activity', () => eqAnyClause('activityDisplayName', activities));
  const correlationId = input.correlationId?.trim();
  if (correlationId && guid.test(correlationId))
    push('--correlation-id', () => eqAnyClause('correlationId', [correlationId.toLowerCase()]));
  const target = input.target?.trim();
  if (target && guid.test(target)) push('--target', () => targetIdClause(target));
  const ids = input.ids === undefined ? [] : [input.ids].flat();
  if (ids.length > 0 && ids.length <= maxPushedActivities) push('the id', () => eqAnyClause('id', ids));
  return { clauses, flags };
}
