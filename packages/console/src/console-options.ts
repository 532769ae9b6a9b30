import type { Clock, Logger } from '@b2c-alerts/audit-client';
import type { EngineOptions } from '@b2c-alerts/investigate';
import type { RuleSet } from '@b2c-alerts/rule-engine';
import { z } from 'zod';
import type { AlertHistory } from './providers/alert-history.js';
import type { HealthProvider } from './providers/health-provider.js';

/** The scalar options, checked once at start (zod); defaults live here. */
export const consoleSettingsSchema = z.object({
  /** The archive directory the Events page searches. */
  archiveDir: z.string().min(1),
  /** Refuse an archive recorded for another tenant (as the CLI's --tenant / AZURE_TENANT_ID). */
  tenant: z.string().trim().min(1).optional(),
  host: z.string().trim().min(1).default('127.0.0.1'),
  /** 0: any free port. */
  port: z.number().int().min(0).max(65_535).default(0),
  /** Required for any host but loopback; compared in constant time, never logged. */
  token: z
    .string()
    .min(16, { error: 'must be at least 16 characters; generate one with `openssl rand -hex 32`' })
    .optional(),
  /** The most rows one answer or CSV export holds. */
  rowCap: z.number().int().min(1).max(1_000_000).default(100_000),
  /** A query's time limit, ms. */
  queryTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** A CSV export's time limit, ms (it includes the time the client takes to read it). */
  exportTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(24 * 3_600_000)
    .default(600_000),
  /** Query engines used at once (each has `engine`'s threads and memory). */
  engines: z.number().int().min(1).max(8).default(2),
  /** Refused logins a client may make per minute before 429. */
  loginAttemptsPerMinute: z.number().int().min(1).max(1000).default(5),
  /** Where the built UI is (index.html, app.js, app.css); default the package's dist/ui. */
  uiDir: z.string().min(1).optional(),
  /**
   * With a token: further Host names the console answers to (a proxy's public name; `name` any port,
   * `name:port` that port). Without a token only loopback names are answered (against DNS rebinding).
   */
  allowedHosts: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
  /** Mark the session cookie Secure whatever the request's scheme (behind a proxy that ends TLS). */
  secureCookie: z.boolean().default(false),
  /** Backtest: the most archived records read (then 422). */
  backtestMaxEvents: z.number().int().min(1).max(10_000_000).default(1_000_000),
});

export type ConsoleSettings = z.output<typeof consoleSettingsSchema>;

/**
 * The rules the Rules page (and backtests) use: a directory to load once (rule-engine's loader), a
 * loaded set, or `current`, asked at each request (a worker's hot-reloaded set; undefined: not loaded
 * yet, the directory is loaded then, uncached).
 */
export type RulesSource =
  { dir: string } | { ruleSet: RuleSet; dir?: string } | { current: () => RuleSet | undefined; dir: string };

export interface ConsoleOptions extends z.input<typeof consoleSettingsSchema> {
  /** pino-compatible; default silent. */
  logger?: Logger;
  /** The query engine's threads, memory and spill directory (as the CLI's cliEngineOptions). */
  engine?: EngineOptions;
  /** Default the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** The worker's alert history; absent: the Alerts page says it is not available. */
  alerts?: AlertHistory;
  health?: HealthProvider;
  rules?: RulesSource;
}
