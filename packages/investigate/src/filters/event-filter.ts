import { z } from 'zod';

/**
 * A point in time: epoch milliseconds, an ISO-8601 date or date-time (UTC unless it says otherwise),
 * or a duration back from now in the project's grammar (`90m`, `1h30m`, `24h`, `7d`).
 */
const timeBound = z.union([z.number().finite(), z.string().trim().min(1).max(64)]);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Kept as typed: some activity names end in a space (`Update application – Certificates and secrets management `). */
const exactText = (max: number) => z.string().min(1).max(max);
const oneOrMany = (max: number, item = text) =>
  z.union([item(max), z.array(item(max)).min(1).max(100)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** One `KEY=VALUE` additional-details condition. */
export const detailConditionSchema = z.object({ key: text(256), value: z.string().max(4096) });

/**
 * The filters of the audit-log explorer, one model for the CLI, the HTTP API and the console: every
 * field is optional and all given fields must hold (AND); a list means any of its values (OR).
 * String matches ignore case; times are UTC. Field meanings:
 * - `since`, `until`: the time range, both ends included;
 * - `category`: B2C's activity resource types (Authorization, Directory, Application, Key, Resource,
 *   Authentication), the canonical categories (KeyManagement, UserManagement, RoleManagement, …) or any
 *   spelling Graph uses;
 * - `activity`: the exact activity name; `activityLike`: a substring of it;
 * - `result`: success, failure, timeout, …;
 * - `actor`: the initiator's UPN, object id, app id, service principal name or display name;
 * - `target`: a target's id, display name or UPN; `targetType`: a target's type (User, Application, …);
 * - `ip`: an address or CIDR block, IPv4 or IPv6, against ClientIpAddress, else the acting user's address;
 * - `policy`: the PolicyId detail; `app`: the ApplicationId or AppId detail, the actor's app id or SPN;
 * - `correlationId`; `ids`: exact event ids;
 * - `details`: additional details that must be present with exactly that value;
 * - `text`: a substring of any string field (ids, names, details keys and values, modified properties).
 */
export const eventFilterSchema = z
  .object({
    since: timeBound.optional(),
    until: timeBound.optional(),
    category: oneOrMany(64).optional(),
    activity: oneOrMany(512, exactText).optional(),
    activityLike: text(512).optional(),
    result: oneOrMany(64).optional(),
    actor: text(1024).optional(),
    target: text(1024).optional(),
    targetType: text(128).optional(),
    ip: text(64).optional(),
    policy: text(512).optional(),
    app: text(512).optional(),
    correlationId: text(128).optional(),
    ids: oneOrMany(512).optional(),
    details: z.array(detailConditionSchema).max(20).optional(),
    text: text(1024).optional(),
  })
  .strict();

export type EventFilterInput = z.input<typeof eventFilterSchema>;
export type EventFilter = z.output<typeof eventFilterSchema>;
export type DetailCondition = z.output<typeof detailConditionSchema>;
