import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isLoopbackHost, silentLogger } from '@b2c-alerts/audit-client';
import { checkArchiveTenant } from '@b2c-alerts/investigate';
import { consoleSettingsSchema, type ConsoleOptions } from './console-options.js';
import { ConsoleError } from './errors/console-error.js';
import { EnginePool } from './query/engine-pool.js';
import type { ConsoleRuntime } from './server/console-runtime.js';
import { createApp } from './server/create-app.js';
import { HostCheck } from './server/host-check.js';
import { LoginLimiter } from './server/login-limiter.js';
import { withApiHeaders, withSecurityHeaders } from './server/security-headers.js';
import { defaultUiDir } from './server/static-files.js';
import { TokenCheck } from './server/token-check.js';

/** The console as a fetch handler (no socket): what startConsole serves, and what tests may call. */
export interface Console {
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** startConsole tells the port it listens on (the Host check needs it when the option was 0). */
  listening(port: number): void;
  /** Idempotent: closes the query engines. */
  close(): void;
}

/**
 * Checks the options (a host other than loopback needs a token; the archive must exist and be the
 * expected tenant's) and builds the console. Problems throw ConsoleError (CONSOLE_ERR_CONFIG) or
 * investigate's IV_ERR_TENANT_MISMATCH, naming the option.
 */
export async function createConsole(options: ConsoleOptions): Promise<Console> {
  const parsed = consoleSettingsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'options';
    throw new ConsoleError('CONSOLE_ERR_CONFIG', `console option ${field}: ${issue.message}.`);
  }
  const settings = parsed.data;
  if (!isLoopbackHost(settings.host) && settings.token === undefined) {
    throw new ConsoleError(
      'CONSOLE_ERR_CONFIG',
      `The console would listen on ${settings.host}, beyond this machine, with no token: set CONSOLE_TOKEN ` +
        '(e.g. `openssl rand -hex 32`) or listen on 127.0.0.1.',
    );
  }
  if (settings.allowedHosts.length > 0 && settings.token === undefined) {
    throw new ConsoleError(
      'CONSOLE_ERR_CONFIG',
      'console option allowedHosts: needs a token (CONSOLE_TOKEN); without one the console answers only to loopback names.',
    );
  }
  const archiveDir = resolve(settings.archiveDir);
  const info = await stat(archiveDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ConsoleError(
      'CONSOLE_ERR_CONFIG',
      `The archive ${archiveDir} is not a directory; give the directory export wrote.`,
    );
  }
  await checkArchiveTenant(archiveDir, settings.tenant);
  const clock = options.clock;
  const now = clock ? () => clock.now() : () => Date.now();
  const runtime: ConsoleRuntime = {
    settings,
    archiveDir,
    uiDir: resolve(settings.uiDir ?? defaultUiDir()),
    logger: options.logger ?? silentLogger,
    now,
    engines: new EnginePool(options.engine ?? {}, settings.engines),
    ...(settings.token === undefined ? {} : { tokens: new TokenCheck(settings.token, now) }),
    hostCheck: new HostCheck({
      host: settings.host,
      port: settings.port,
      token: settings.token !== undefined,
      allowedHosts: settings.allowedHosts,
    }),
    loginLimiter: new LoginLimiter(settings.loginAttemptsPerMinute, now),
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.health ? { health: options.health } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  };
  const app = createApp(runtime);
  return {
    fetch: async (request, env) =>
      withApiHeaders(new URL(request.url).pathname, withSecurityHeaders(await app.fetch(request, env as object))),
    listening: (port) => runtime.hostCheck.listening(port),
    close: () => runtime.engines.close(),
  };
}
