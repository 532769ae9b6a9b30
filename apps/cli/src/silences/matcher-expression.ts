import { isKnownFact, nearestName, silenceMatcherNames, type SilenceMatcher } from '@b2c-alerts/rule-engine';
import { CliError } from '../errors/cli-error.js';

const expression = /^([A-Za-z][A-Za-z0-9_.]*)(=~|!~|!=|=)(.*)$/s;

/**
 * amtool's matcher syntax: `name=value`, `name!=value`, `name=~regex`, `name!~regex`; the name is
 * `ruleId` or a fact (actor.upn, target.id, ip, details.<Key>, ...). A regex matches the whole value.
 */
export function parseMatcherExpression(text: string): SilenceMatcher {
  const match = expression.exec(text);
  if (!match) {
    throw new CliError(
      'CLI_ERR_USAGE',
      `--match '${text}' is not a matcher; write name=value, name!=value, name=~regex or name!~regex (e.g. actor.upn=alex@contoso.com).`,
    );
  }
  const [, name, op, value] = match as unknown as [string, string, string, string];
  if (name !== 'ruleId' && !isKnownFact(name)) {
    const near = nearestName(name, silenceMatcherNames);
    throw new CliError(
      'CLI_ERR_USAGE',
      `--match '${text}': unknown name '${name}'${near ? `; did you mean '${near}'?` : '; use ruleId or a fact (activity, actor.upn, target.id, ip, details.<Key>, ...)'}`,
    );
  }
  return {
    name,
    value,
    ...(op.endsWith('~') ? { isRegex: true } : {}),
    ...(op.startsWith('!') ? { isEqual: false } : {}),
  };
}

/** The matcher in the same syntax. */
export function formatMatcher(m: SilenceMatcher): string {
  const op = `${m.isEqual === false ? '!' : '='}${m.isRegex ? '~' : m.isEqual === false ? '=' : ''}`;
  return `${m.name}${op}${m.value}`;
}
