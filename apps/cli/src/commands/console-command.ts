import { ConsoleError, startConsole, type ConsoleOptions } from '@b2c-alerts/console';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { openConsoleProviders } from '../console/console-providers.js';
import { consoleTokenOf, tenantHintOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { cliEngineOptions } from '../investigate/engine-options.js';
import { openArchive } from '../investigate/open-archive.js';
import { requireRuleSet } from '../rules/require-rule-set.js';
import { durationOption } from '../text/duration-option.js';
import { wholeNumberOption } from '../text/whole-number-option.js';

interface RawConsoleOptions {
  archive?: string;
  tenant?: string;
  host: string;
  port: string;
  rules?: string;
  timeout: string;
  maxRows: string;
  allowedHost: string[];
  secureCookie?: boolean;
}

/** Commander's collector for a repeatable option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `b2c-alerts console`: the web console over an archive, until SIGINT/SIGTERM. */
export function registerConsoleCommand(program: Command, context: CommandContext): void {
  program
    .command('console')
    .summary('serve the web console (events explorer, alerts, rules, health) over an archive')
    .description(
      'Serve the web console and its HTTP API (docs/console-api.md) over an archive, on 127.0.0.1 unless --host says ' +
        'otherwise; any other host requires CONSOLE_TOKEN, which the browser logs in with. Prints the URL, then runs ' +
        'until SIGINT/SIGTERM.',
    )
    .option('--archive <dir>', "the archive: the directory `export --out` writes, or the worker's ARCHIVE_DIR/<tenant>")
    .option('--tenant <id>', 'refuse an archive recorded for another tenant (default: AZURE_TENANT_ID when set)')
    .option('--host <host>', 'the address to listen on (anything but loopback requires CONSOLE_TOKEN)', '127.0.0.1')
    .option('--port <n>', 'the port to listen on (0: any free port)', '8787')
    .option('--rules <dir>', 'the rules the Rules page shows and backtests (default: none)')
    .option('--timeout <duration>', "a query's time limit (30s, 2m)", '30s')
    .option(
      '--allowed-host <name>',
      "with CONSOLE_TOKEN: another Host name to answer to, e.g. a proxy's (name: any port; name:port); repeatable",
      collect,
      [] as string[],
    )
    .option('--secure-cookie', 'mark the session cookie Secure even over http (behind a proxy that ends TLS)')
    .option('--max-rows <n>', 'the most rows an answer or a CSV export holds', '100000')
    .action(async (raw: RawConsoleOptions) => {
      const port = wholeNumberOption('--port', raw.port, 0, 65_535);
      const rowCap = wholeNumberOption('--max-rows', raw.maxRows, 1, 1_000_000);
      const queryTimeoutMs = durationOption('--timeout', raw.timeout);
      const archive = await openArchive(raw.archive, raw.tenant ?? tenantHintOf(context.env));
      const token = consoleTokenOf(context.env);
      if (token !== undefined && token.length < 16) {
        throw new CliError(
          'CLI_ERR_CONFIG',
          'CONSOLE_TOKEN is shorter than 16 characters; set it to a long random value, e.g. `openssl rand -hex 32`.',
        );
      }
      const tenant = raw.tenant ?? tenantHintOf(context.env);
      const providers = openConsoleProviders(context.env, () => context.clock.now());
      const options: ConsoleOptions = {
        ...providers.options,
        archiveDir: archive.dir,
        host: raw.host,
        port,
        rowCap,
        queryTimeoutMs,
        engine: cliEngineOptions,
        logger: context.logger,
        clock: context.clock,
        ...(tenant === undefined ? {} : { tenant }),
        ...(token === undefined ? {} : { token }),
        ...(raw.secureCookie === true ? { secureCookie: true } : {}),
        ...(raw.allowedHost.length === 0 ? {} : { allowedHosts: raw.allowedHost }),
        ...(raw.rules === undefined
          ? {}
          : { rules: { dir: raw.rules, ruleSet: await requireRuleSet(raw.rules, context.stderr) } }),
      };
      let running;
      try {
        running = await startConsole(options);
      } catch (error) {
        await providers.close();
        if (error instanceof ConsoleError) {
          throw new CliError(
            error.code === 'CONSOLE_ERR_CONFIG' ? 'CLI_ERR_CONFIG' : 'CLI_ERR_RUNTIME',
            error.message,
            {
              cause: error,
            },
          );
        }
        throw error;
      }
      context.stdout.write(`Console: ${running.url}\n`);
      try {
        if (!context.signal.aborted) {
          await new Promise<void>((resolve) =>
            context.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        }
      } finally {
        await running.close();
        await providers.close();
      }
    });
}
