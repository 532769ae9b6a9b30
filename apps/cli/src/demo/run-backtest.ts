import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { loadConfig } from '../env.js';
import { ExportRun } from '../export/export-run.js';
import { formatExportSummary } from '../export/export-summary.js';
import { alertLine } from '../replay/format-alert.js';
import { formatReplaySummary } from '../replay/replay-summary.js';
import { runReplay } from '@b2c-alerts/rule-engine';
import { requireRuleSet } from '../rules/require-rule-set.js';
import { startDemoTenant } from './demo-tenant.js';

/**
 * `demo --backtest`: archives `days` of the demo tenant's audit log with the same code as `export`,
 * then replays the archive through the rule set, printing the alerts (no Redis, no worker).
 */
export async function runBacktest(
  context: CommandContext,
  o: { rulesDir: string; days: number; out?: string },
): Promise<void> {
  const ruleSet = await requireRuleSet(o.rulesDir, context.stderr);
  const now = context.clock.now();
  const out = o.out ?? (await mkdtemp(join(tmpdir(), 'b2c-alerts-demo-')));
  const say = (line: string) => void context.stdout.write(`${line}\n`);
  const tenant = await startDemoTenant(now, o.days);
  try {
    say(
      `Demo tenant: ${tenant.events.toLocaleString('en-US')} B2C audit events over ${o.days} days, served by a Graph emulator at ${tenant.emulator.url}.`,
    );
    for (const p of tenant.planted) say(`  planted ${new Date(p.at).toISOString()}: ${p.what}`);
    const config = await loadConfig({
      AZURE_TENANT_ID: tenant.emulator.tenantId,
      AZURE_CLIENT_ID: tenant.emulator.clientId,
      AZURE_CLIENT_SECRET: tenant.emulator.clientSecret,
      AZURE_AUTHORITY_HOST: tenant.emulator.url,
      GRAPH_BASE_URL: tenant.emulator.url,
      LOG_LEVEL: 'warn',
    });
    const run = new ExportRun(
      { since: now - o.days * 24 * 3_600_000 - 3_600_000, out, tenantLabel: 'demo (contosob2c)', rateLimit: false },
      { config, clock: context.clock, logger: context.logger, progress: context.progress, signal: context.signal },
    );
    await run.execute();
    say(`\nArchived with export: ${formatExportSummary(run.summary).trim()}`);
    say(
      `\nAlerts from replaying ${displayPath(out)} through ${ruleSet.rules.length} rules (${displayPath(o.rulesDir)}):`,
    );
    const stats = await runReplay({
      paths: [out],
      ruleSet,
      signal: context.signal,
      onAlert: (alert) => say(`  ${alertLine(alert)}`),
      onProblem: (p) => void context.stderr.write(`${displayPath(p.file)}: ${p.message}\n`),
      onNotice: (message) => void context.stderr.write(`${message}\n`),
    });
    context.stderr.write(formatReplaySummary(stats));
    say(`\nThe archive stays in ${displayPath(out)}; try: pnpm b2c-alerts replay ${displayPath(out)} --format jsonl`);
  } finally {
    await tenant.emulator.close();
  }
}
