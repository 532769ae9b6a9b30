import { interpolateVariables, type RouteVariables, type RuleProblem, type Routes } from '@b2c-alerts/rule-engine';
import { isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { QueueKind } from '../queues/queues.js';

/** What this process needs of routes.yaml beyond its own validity. */
export interface RouteChannelCheck {
  /** The senders this process has; undefined when it runs no deliver worker (nothing is sent here). */
  senders?: { slack: boolean; email: boolean };
  /** This process routes or delivers alerts: with no channel on any route, every alert (self-alerts too) would be dropped. */
  requireChannel: boolean;
}

/** A problem of routes.yaml that the worker's environment fixes: `message` is `${variable} ${text}`. */
export interface RouteChannelProblem extends RuleProblem {
  variable: string;
  /** The message after the variable's name ("is not set, but …"), as WorkerConfigError lists it. */
  text: string;
}

/**
 * What routes.yaml must offer a process running `workers`: senders for its channels where deliveries
 * are made, and some channel where alerts are routed or delivered (a reader-only process needs neither).
 */
export function routeChannelCheck(
  workers: readonly QueueKind[],
  senders: { slack: boolean; email: boolean },
): RouteChannelCheck | undefined {
  const delivers = workers.includes('deliver');
  if (!delivers && !workers.includes('alerts')) return undefined;
  return { requireChannel: true, ...(delivers ? { senders } : {}) };
}

export function isRouteChannelProblem(problem: RuleProblem): problem is RouteChannelProblem {
  return (
    typeof (problem as Partial<RouteChannelProblem>).variable === 'string' &&
    typeof (problem as Partial<RouteChannelProblem>).text === 'string'
  );
}

export interface RouteChannelInput {
  /** routes.yaml's name as problems give it (for file:line:col) and its text (for the positions and the unset variables). */
  file: string;
  text: string;
  /** The loaded routes: channels whose variables were unset are already left out. */
  routes: Routes;
  variables: RouteVariables;
  check: RouteChannelCheck;
}

/**
 * Channels this worker cannot serve, found at load rather than as dead letters: a route sending to
 * Slack without SLACK_BOT_TOKEN, or email without SMTP_URL (and ALERT_EMAIL_FROM); and, when no route
 * has a channel left, each variable whose absence left a channel out. Each of these is a
 * RouteChannelProblem (the environment fixes it); a routes.yaml with no channel at all is a plain one.
 * Empty when all is well.
 */
export function routeChannelProblems(input: RouteChannelInput): RuleProblem[] {
  const { routes, check } = input;
  const lineCounter = new LineCounter();
  const doc = parseDocument(input.text, { lineCounter, prettyErrors: false });
  const problems: RouteChannelProblem[] = [];
  const add = (path: Array<string | number>, variable: string, text: string) => {
    const node = doc.getIn(path, true) as Node | undefined;
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    problems.push({ file: input.file, line, column: col, variable, text, message: `${variable} ${text}` });
  };

  if (check.senders) {
    for (const [name, route] of Object.entries(routes.routes)) {
      if (route.slack && !check.senders.slack) {
        // The channel as routes.yaml writes it: a ${NAME} is shown as the name, never its value.
        const written = String(doc.getIn(['routes', name, 'slack', 'channel']));
        add(
          ['routes', name, 'slack'],
          'SLACK_BOT_TOKEN',
          `is not set, but route '${name}' sends to Slack; set it to the Slack bot token (xoxb-…) that may post in ${written}, or remove slack from the route`,
        );
      }
      if (route.email && !check.senders.email) {
        add(
          ['routes', name, 'email'],
          'SMTP_URL',
          `is not set, but route '${name}' sends email; set it and ALERT_EMAIL_FROM (e.g. smtps://user:password@mail.example.com:465), or remove email from the route`,
        );
      }
    }
  }

  const anyChannel = Object.values(routes.routes).some((route) => route.slack || route.email);
  if (check.requireChannel && !anyChannel) {
    const dropped = 'so no route has a channel left and every alert, self-alerts too, would be dropped';
    for (const name of Object.keys(routes.routes)) {
      for (const variable of unsetVariables(doc.getIn(['routes', name, 'slack', 'channel'], true), input.variables)) {
        add(
          ['routes', name, 'slack', 'channel'],
          variable,
          `is not set, ${dropped}; set it to the Slack channel of route '${name}' (C0123ABCD or #security-alerts), with SLACK_BOT_TOKEN`,
        );
      }
      for (const variable of unsetVariables(doc.getIn(['routes', name, 'email', 'to'], true), input.variables)) {
        add(
          ['routes', name, 'email', 'to'],
          variable,
          `is not set, ${dropped}; set it to the addresses of route '${name}', with SMTP_URL and ALERT_EMAIL_FROM`,
        );
      }
    }
    // No channel was left out for a variable: routes.yaml itself defines none (a rules problem, not the environment's).
    if (problems.length === 0) {
      const { line, col } = lineCounter.linePos((doc.getIn(['routes'], true) as Node | undefined)?.range?.[0] ?? 0);
      return [
        {
          file: input.file,
          line,
          column: col,
          message: `no route has a channel, ${dropped}; add one with slack: { channel: '#security-alerts' } and/or email: { to: soc@example.com }`,
        },
      ];
    }
  }
  return problems;
}

/** The unset variables a channel's text (a string or a list of strings) refers to. */
function unsetVariables(node: unknown, variables: RouteVariables): string[] {
  const texts = isScalar(node)
    ? [node.value]
    : isSeq(node)
      ? node.items.map((item) => (isScalar(item) ? item.value : undefined))
      : [];
  const unset: string[] = [];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const filled = interpolateVariables(text, variables);
    if ('unset' in filled) unset.push(...filled.unset.filter((v) => !unset.includes(v)));
  }
  return unset;
}
