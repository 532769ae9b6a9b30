import { resolveFilter } from '@b2c-alerts/investigate';
import { isRuleEngineError, runReplay, type AlertCandidate } from '@b2c-alerts/rule-engine';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ApiError, invalidParameter } from '../errors/api-error.js';
import { archiveDayDirs } from '../rules/archive-day-dirs.js';
import { ConsoleRules, ruleKind } from '../rules/console-rules.js';
import { ruleFiles } from '../rules/rule-files.js';
import type { ConsoleRuntime } from '../server/console-runtime.js';
import { toApiError } from '../server/error-response.js';

export const noRulesReason = 'The console was started without rules: start it with --rules DIR to see them.';

const timeBound = z.union([z.number().finite(), z.string().trim().min(1).max(64)]);
const backtestSchema = z.object({ since: timeBound.optional(), until: timeBound.optional() }).strict();
/** The most alerts a backtest answer lists (`total` counts them all). */
const maxBacktestAlerts = 1000;
/** The range of a backtest without since: the last 7 days. */
const defaultBacktestMs = 7 * 86_400_000;

/** GET /api/rules, GET /api/rules/:id, POST /api/rules/:id/backtest. */
export function registerRulesApi(app: Hono, runtime: ConsoleRuntime): void {
  const rules = runtime.rules ? new ConsoleRules(runtime.rules) : undefined;
  const need = () => {
    if (!rules) throw new ApiError(404, 'unavailable', noRulesReason);
    return rules;
  };

  app.get('/api/rules', async (c) => {
    if (!rules) return c.json({ version: null, rules: [], available: false, reason: noRulesReason });
    const ruleSet = await rules.ruleSet();
    const raised = await recentAlerts(runtime);
    return c.json({
      version: ruleSet.version,
      available: true,
      rules: ruleSet.rules.map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        enabled: r.enabled,
        kind: ruleKind(r),
        matches24h: raised ? (raised.get(r.id)?.count ?? 0) : null,
        lastMatch: raised?.get(r.id)?.last ?? null,
      })),
    });
  });

  app.get('/api/rules/:id', async (c) => {
    const { rule } = await need().rule(c.req.param('id'));
    const files = await ruleFiles(rule, rules?.dir);
    return c.json({
      id: rule.id,
      title: rule.title,
      description: rule.description,
      severity: rule.severity,
      enabled: rule.enabled,
      kind: ruleKind(rule),
      runbook: rule.runbook ?? null,
      yaml: files.yaml,
      tests: files.tests,
    });
  });

  // One backtest at a time: each reads the archive outside the engine pool.
  let backtesting = false;
  app.post('/api/rules/:id/backtest', async (c) => {
    if (backtesting) {
      throw new ApiError(503, 'busy', 'Another backtest is running; try again once it is done.', {
        retryAfterSeconds: 5,
      });
    }
    backtesting = true;
    try {
      return await backtest(c);
    } finally {
      backtesting = false;
    }
  });

  const backtest = async (c: Context) => {
    const { rule, ruleSet } = await need().rule(c.req.param('id') ?? '');
    const body = backtestSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) {
      const issue = body.error.issues[0]!;
      const field = issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'body') : String(issue.path[0] ?? 'body');
      throw invalidParameter(field, 'send {"since": …, "until": …} (epoch ms, ISO date-time or a duration like 7d).');
    }
    const now = runtime.now();
    let range;
    try {
      range = resolveFilter(body.data, { now });
    } catch (error) {
      throw toApiError(error);
    }
    const until = range.untilUs === undefined ? now : Math.floor(range.untilUs / 1000);
    const since = range.sinceUs === undefined ? until - defaultBacktestMs : Math.floor(range.sinceUs / 1000);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const paths = await archiveDayDirs(runtime.archiveDir, day(since), day(until));
    const alerts: AlertCandidate[] = [];
    let total = 0;
    const signal = AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(runtime.settings.queryTimeoutMs)]);
    let stats;
    try {
      stats =
        paths.length === 0
          ? { records: 0, evaluated: 0 }
          : await runReplay({
              paths,
              ruleSet: { ...ruleSet, rules: [{ ...rule, enabled: true }] },
              since,
              until,
              maxRecords: runtime.settings.backtestMaxEvents,
              onAlert: (alert) => {
                total += 1;
                if (alerts.length < maxBacktestAlerts) alerts.push(alert);
              },
              onProblem: () => undefined,
              onNotice: () => undefined,
              signal,
            });
    } catch (error) {
      if (signal.aborted && !c.req.raw.signal.aborted) {
        throw new ApiError(503, 'query_timeout', 'The backtest ran past its time limit; narrow the time range.');
      }
      if (isRuleEngineError(error) && error.code === 'RE_ERR_REPLAY_LIMIT') {
        throw new ApiError(422, 'invalid_parameter', `since: ${error.message}`, { field: 'since' });
      }
      throw error;
    }
    return c.json({
      ruleId: rule.id,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      scanned: stats.evaluated,
      total,
      alerts: alerts.map((a) => ({
        ruleId: a.ruleId,
        groupKey: a.groupKey,
        count: a.count,
        eventIds: a.eventIds,
        firstEventAt: a.firstTime,
        lastEventAt: a.lastTime,
      })),
    });
  };
}

/** Alerts raised per rule in the last 24 h, from the alert history when there is one. */
async function recentAlerts(
  runtime: ConsoleRuntime,
): Promise<Map<string, { count: number; last: string }> | undefined> {
  if (!runtime.alerts) return undefined;
  try {
    const page = await runtime.alerts.list({ since: runtime.now() - 86_400_000, limit: 500 });
    const out = new Map<string, { count: number; last: string }>();
    for (const a of page.alerts) {
      const seen = out.get(a.ruleId);
      out.set(a.ruleId, {
        count: (seen?.count ?? 0) + 1,
        last: seen === undefined || a.raisedAt > seen.last ? a.raisedAt : seen.last,
      });
    }
    return out;
  } catch (error) {
    runtime.logger.warn({ err: error }, 'console alert history failed');
    return undefined;
  }
}
