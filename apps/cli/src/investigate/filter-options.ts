import type { EventFilterInput } from '@b2c-alerts/investigate';
import { Option, type Command } from 'commander';
import { CliError } from '../errors/cli-error.js';

/** The filter flags as commander hands them over. */
export interface RawFilterOptions {
  since?: string;
  until?: string;
  category?: string[];
  activity?: string[];
  activityLike?: string;
  result?: string[];
  actor?: string;
  target?: string;
  targetType?: string;
  ip?: string;
  policy?: string;
  app?: string;
  correlationId?: string;
  detail?: string[];
  text?: string;
}

/** Each filter field's flag, so an invalid filter is reported by the flag the user typed. */
const flagOf: Record<string, string> = {
  since: '--since',
  until: '--until',
  category: '--category',
  activity: '--activity',
  activityLike: '--activity-like',
  result: '--result',
  actor: '--actor',
  target: '--target',
  targetType: '--target-type',
  ip: '--ip',
  policy: '--policy',
  app: '--app',
  correlationId: '--correlation-id',
  details: '--detail',
  text: '--text',
};

export function filterFlag(field: string | undefined): string | undefined {
  return field === undefined ? undefined : flagOf[field];
}

const repeat = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the filter flags, the same for every command that reads events. */
export function addFilterOptions(command: Command): Command {
  return command
    .option('--since <when>', 'from: a duration back from now (24h, 7d, 1h30m) or an ISO date-time, UTC unless it says')
    .option('--until <when>', 'to (included): a duration back from now or an ISO date-time')
    .addOption(
      new Option(
        '--category <name>',
        "a category: B2C's Authorization, Directory, Application, Key, Resource, Authentication, or a directory one (UserManagement, RoleManagement, …); repeat for any of several",
      ).argParser(repeat),
    )
    .addOption(
      new Option('--activity <name>', 'the exact activity name (any case); repeat for any of several').argParser(
        repeat,
      ),
    )
    .option('--activity-like <text>', 'a part of the activity name (any case)')
    .addOption(
      new Option('--result <result>', 'success, failure, timeout; repeat for any of several').argParser(repeat),
    )
    .option('--actor <who>', "the initiator's UPN, object id, app id, service principal name or display name")
    .option('--target <what>', "a target's id, display name or UPN")
    .option('--target-type <type>', "a target's type: User, Application, ServicePrincipal, Group, …")
    .option('--ip <address|cidr>', 'the client address or a CIDR block, IPv4 or IPv6 (192.0.2.0/24, 2001:db8::/32)')
    .option('--policy <id>', 'the user flow or custom policy (PolicyId), e.g. B2C_1A_signup_signin')
    .option('--app <id>', "an application id: the ApplicationId or AppId detail, the actor's app id or SPN")
    .option('--correlation-id <id>', 'the correlation id')
    .addOption(
      new Option('--detail <key=value>', 'an additional detail with exactly this value; repeatable').argParser(repeat),
    )
    .option('--text <text>', 'a part of any text of the event: ids, names, details, modified properties (any case)');
}

/** The filter model from the flags; `--detail` is split here, everything else is checked by resolveFilter. */
export function filterInputOf(raw: RawFilterOptions): EventFilterInput {
  const details = (raw.detail ?? []).map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) {
      throw new CliError(
        'CLI_ERR_USAGE',
        `--detail ${JSON.stringify(text)} is not KEY=VALUE; write it like --detail PolicyId=B2C_1A_signup_signin.`,
      );
    }
    return { key: text.slice(0, at), value: text.slice(at + 1) };
  });
  const input: Record<string, unknown> = {
    since: raw.since,
    until: raw.until,
    category: raw.category,
    activity: raw.activity,
    activityLike: raw.activityLike,
    result: raw.result,
    actor: raw.actor,
    target: raw.target,
    targetType: raw.targetType,
    ip: raw.ip,
    policy: raw.policy,
    app: raw.app,
    correlationId: raw.correlationId,
    details: details.length > 0 ? details : undefined,
    text: raw.text,
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input as EventFilterInput;
}
