import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { DocumentPath } from '../parsing/document-path.js';
import { interpolateVariables, referencedVariables } from './interpolate-variables.js';
import { noRouteVariables, type RouteVariables } from './route-variables.js';
import { ParsedFile } from '../parsing/parsed-file.js';
import { defaultRouteTimers, type Route, type Routes } from './route.js';
import { compareProblems, type RuleProblem } from '../parsing/rule-problem.js';
import {
  parseTimer,
  routeFileEntrySchema,
  routeNamePattern,
  routesFileSchema,
  type RouteFileEntry,
} from './routes-file-schema.js';

const routesFileShape = routesFileSchema.extend({
  routes: z.record(z.string(), z.unknown(), { error: 'routes must be a mapping of route names to their channels' }),
});
import { zodIssueProblems } from '../parsing/zod-issue-problems.js';
import type { PositionPart } from '../parsing/read-yaml-with-positions.js';

export interface LoadRoutesResult {
  /** Only when there is no problem: routes are used whole or not at all. */
  routes?: Routes;
  problems: RuleProblem[];
  /**
   * Not errors, but worth telling: a channel left out because a variable it uses is unset, a route
   * left with no channel for that reason (its alerts are not delivered).
   */
  warnings: RuleProblem[];
}

// One address, as HTML's email input takes it (no display name, no comments, no quoted local part),
// with a dotted domain: what is not plainly an address is refused, not sent.
const emailAddress =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// A channel id (C… public, G… private) or #name in Slack's characters: lowercase letters, digits, - and _, up to 80.
const slackChannel = /^(?:[CG][A-Z0-9]{8,20}|#[\p{Ll}\p{Lo}\p{Nd}_-]{1,80})$/u;
const slackChannelHint = 'a channel id (C0123ABCD) or #name (lowercase letters, digits, - and _)';

/**
 * Reads rules/routes.yaml. `${VAR}` in slack.channel and email.to is filled from `variables`, and only
 * from the names that set allows: another name is a problem that names it and says how to allow it.
 * Problems name variables and never quote their values. A channel whose variable is unset (or empty) is
 * left out with a warning, so a deployment can use Slack only or
 * email only by leaving the other variable unset. A route with no channel at all is an error, unless
 * every channel it had was left out that way (then a warning). A missing file is a problem (the
 * worker needs routes); check for it first where routes are optional.
 */
export async function loadRoutes(
  file: string,
  variables: RouteVariables = noRouteVariables,
): Promise<LoadRoutesResult> {
  const parsed = await ParsedFile.read(dirname(file), basename(file));
  const warnings: RuleProblem[] = [];
  const warn = (path: DocumentPath, message: string, part?: PositionPart) => {
    const { line, column } = parsed.doc.positionOf(path, part);
    warnings.push({ file: parsed.file, line, column, message });
  };
  if (!parsed.readable) return { problems: parsed.problems, warnings };
  if (parsed.value === null || parsed.value === undefined) {
    parsed.report({
      path: [],
      message: 'the file is empty; define routes: a mapping of route names (security: ...) to their channels',
    });
    return { problems: parsed.problems, warnings };
  }
  // The file's shape first, then each route on its own, so every route's problems are reported at once.
  const value = parsed.validate(routesFileShape);
  if (!value) return { problems: parsed.problems, warnings };

  const routes: Record<string, Route> = {};
  for (const [name, raw] of Object.entries(value.routes)) {
    if (!routeNamePattern.test(name)) {
      parsed.report({
        path: ['routes', name],
        part: 'key',
        message: `route name '${name}' must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit`,
      });
    }
    const entry = routeFileEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const problem of zodIssueProblems(routeFileEntrySchema, raw, entry.error.issues, ['routes', name]))
        parsed.report(problem);
      continue;
    }
    const route = buildRoute(name, entry.data, variables, {
      problem: (path, message, part) => parsed.report({ path, message, ...(part ? { part } : {}) }),
      warn,
    });
    if (route) routes[name] = route;
  }
  const problems = parsed.problems.sort(compareProblems);
  warnings.sort(compareProblems);
  return problems.length > 0 ? { problems, warnings } : { routes: { routes }, problems, warnings };
}

interface Reporter {
  problem(path: DocumentPath, message: string, part?: PositionPart): void;
  warn(path: DocumentPath, message: string, part?: PositionPart): void;
}

function buildRoute(
  name: string,
  entry: RouteFileEntry,
  variables: RouteVariables,
  report: Reporter,
): Route | undefined {
  const base: DocumentPath = ['routes', name];
  let ok = true;
  const problem = (path: DocumentPath, message: string, part?: PositionPart) => {
    ok = false;
    report.problem(path, message, part);
  };
  let channels = 0;
  let leftOut = 0;

  const route: Route = {
    name,
    groupWaitMs: entry.group_wait === undefined ? defaultRouteTimers.groupWaitMs : parseTimer(entry.group_wait),
    groupIntervalMs:
      entry.group_interval === undefined ? defaultRouteTimers.groupIntervalMs : parseTimer(entry.group_interval),
    repeatIntervalMs:
      entry.repeat_interval === undefined ? defaultRouteTimers.repeatIntervalMs : parseTimer(entry.repeat_interval),
  };
  if (entry.description !== undefined) route.description = entry.description;
  if (entry.severities) route.severities = [...new Set(entry.severities)];
  if (route.repeatIntervalMs < route.groupIntervalMs) {
    problem([...base, 'repeat_interval'], `route '${name}': repeat_interval must be at least group_interval`);
  }

  const refuse = (path: DocumentPath, names: string[]) => {
    for (const n of names)
      problem(path, `route '${name}': \${${n}} is not a route variable; ${variables.howToAllow(n)}`);
  };

  if (entry.slack) {
    channels += 1;
    const path = [...base, 'slack', 'channel'];
    const written = entry.slack.channel;
    const filled = interpolateVariables(written, variables);
    if ('invalid' in filled) problem(path, `route '${name}': ${filled.invalid}`);
    else if ('refused' in filled) refuse(path, filled.refused);
    else if ('unset' in filled) {
      leftOut += 1;
      report.warn(
        path,
        `route '${name}': Slack is left out because ${unsetText(filled.unset)}; set it to ${slackChannelHint}`,
      );
    } else if (!slackChannel.test(filled.text.trim())) {
      const names = referencedVariables(written);
      problem(
        path,
        names.length > 0
          ? `route '${name}': the value of ${variableList(names)} is not a Slack channel; set it to ${slackChannelHint}`
          : `route '${name}': '${written}' is not a Slack channel; use ${slackChannelHint}`,
      );
    } else route.slack = { channel: filled.text.trim() };
  }

  if (entry.email) {
    channels += 1;
    const raw = entry.email.to;
    const items = Array.isArray(raw)
      ? raw.map((text, i) => ({ text, path: [...base, 'email', 'to', i] }))
      : [{ text: raw, path: [...base, 'email', 'to'] }];
    const to: string[] = [];
    const unset: string[] = [];
    for (const item of items) {
      const filled = interpolateVariables(item.text, variables);
      if ('invalid' in filled) {
        problem(item.path, `route '${name}': ${filled.invalid}`);
        continue;
      }
      if ('refused' in filled) {
        refuse(item.path, filled.refused);
        continue;
      }
      if ('unset' in filled) {
        unset.push(...filled.unset.filter((v) => !unset.includes(v)));
        continue;
      }
      const names = referencedVariables(item.text);
      let reported = false;
      for (const address of filled.text
        .split(/[,;]/)
        .map((a) => a.trim())
        .filter((a) => a !== '')) {
        if (emailAddress.test(address) && address.length <= 254) {
          if (!to.includes(address)) to.push(address);
        } else if (names.length === 0) {
          problem(item.path, `route '${name}': '${address}' is not an email address`);
        } else if (!reported) {
          reported = true;
          problem(
            item.path,
            `route '${name}': the value of ${variableList(names)} is not a list of email addresses; set it to addresses only (soc@example.com), comma-separated`,
          );
        }
      }
    }
    if (unset.length > 0) {
      report.warn(
        [...base, 'email', 'to'],
        `route '${name}': ${to.length > 0 ? 'some recipients are' : 'email is'} left out because ${unsetText(unset)}; set it to one or more addresses, comma-separated`,
      );
    }
    if (to.length > 0) route.email = { to };
    else if (unset.length > 0) leftOut += 1;
  }

  if (ok && !route.slack && !route.email) {
    if (channels > 0 && leftOut === channels) {
      report.warn(base, `route '${name}' has no channel left, so alerts routed to it are not delivered`, 'key');
    } else if (channels === 0) {
      problem(
        base,
        `route '${name}' has no channel; add slack: { channel: '#security-alerts' } and/or email: { to: soc@example.com }`,
        'key',
      );
    }
  }
  return ok ? route : undefined;
}

function variableList(names: string[]): string {
  return names.map((n) => `\${${n}}`).join(', ');
}

function unsetText(names: string[]): string {
  return names.length === 1 ? `${variableList(names)} is not set` : `${variableList(names)} are not set`;
}
