import { createWorkerApp, parseWorkerConfig } from '@b2c-alerts/worker';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/**
 * `b2c-alerts run`: the worker service in this process, configured from the same environment as the
 * standalone worker (REDIS_URL, AZURE_*, TENANTS_FILE, SLACK_*, SMTP_URL, RULES_DIR, PORT, HTTP_HOST,
 * ...). Runs until SIGINT/SIGTERM (bin.ts aborts the context's signal), then closes gracefully; SIGHUP reloads
 * the rules. Configuration problems are all reported at once before anything connects.
 */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .summary('run the alerting service: poll Graph, evaluate the rules, send alerts')
    .description(
      'Run the worker: poll every configured tenant, evaluate the rules in RULES_DIR, and deliver alerts to Slack and email, ' +
        'with /healthz, /readyz and /metrics on HTTP_HOST:PORT (127.0.0.1:9464 unless set). ' +
        'Stops gracefully on SIGINT/SIGTERM (a second signal exits at once); ' +
        'SIGHUP or any change in RULES_DIR reloads the rules. Run several on one Redis to scale out.',
    )
    .action(async () => {
      // Worker errors (WK_ERR_CONFIG with every problem, WK_ERR_RULES_INVALID, ...) become CliErrors in toCliError.
      const config = parseWorkerConfig(context.env);
      const app = createWorkerApp(config, { logger: context.logger, clock: context.clock });
      const reload = () => {
        app.reloadRules().catch((error: unknown) => context.logger.error({ err: error }, 'rules reload failed'));
      };
      // A failed start has closed what it opened.
      await app.start();
      context.hangups?.on('hangup', reload);
      try {
        if (!context.signal.aborted) {
          await new Promise<void>((resolve) =>
            context.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        }
      } finally {
        context.hangups?.off('hangup', reload);
        await app.close();
      }
    });
}
