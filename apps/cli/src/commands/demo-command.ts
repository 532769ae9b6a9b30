import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { demoSpeeds } from '../demo/demo-timing.js';
import { runBacktest } from '../demo/run-backtest.js';
import { runLiveDemo } from '../demo/run-live-demo.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { rulesOption } from '../rules/rules-option.js';

interface RawDemoOptions {
  rules?: string;
  minutes: string;
  speed: string;
  untilAlerts?: boolean;
  backtest?: boolean;
  out?: string;
  days: string;
  consolePort: string;
}

function numberIn(raw: string, option: string, min: number, max: number, integer = false): number {
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new CliError(
      'CLI_ERR_USAGE',
      `${option} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
    );
  }
  return value;
}

/**
 * `b2c-alerts demo`: the product end to end on the built-in demo tenant, live (emulators, Redis, the
 * worker; see runLiveDemo), or with --backtest the archive-and-replay of the same code as `export`
 * and `replay`.
 */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .summary('run the alerting service on a live emulated B2C tenant (emulated Graph, Slack and SMTP)')
    .description(
      'Start a Graph + token emulator holding a day of generated B2C traffic and serving live traffic in which three incidents ' +
        'happen (a policy key deleted, a burst of custom-policy edits, a password spray), a Slack emulator and an SMTP sink; ' +
        'use REDIS_URL or a private redis-server; run the worker and print each alert as Slack and email receive it. ' +
        'Exits 0 when every incident alerted. Nothing leaves the machine. With --backtest: archive days of the tenant with ' +
        'the export code path and replay the archive through the rules instead (no Redis needed).',
    )
    .option(...rulesOption(context))
    .option('--minutes <n>', 'how long the live demo runs', '3')
    .option(
      '--speed <factor>',
      `run the story faster: incidents, polling and delays ${demoSpeeds.min}-${demoSpeeds.max} times closer together`,
      '1',
    )
    .addOption(
      new Option(
        '--until-alerts',
        'end as soon as every incident reached Slack and email (--minutes is the deadline)',
      ).hideHelp(),
    )
    .option(
      '--backtest',
      'archive the demo tenant with export and replay it through the rules, instead of running the worker',
    )
    .option('--out <dir>', 'with --backtest: where to write the archive (default: a new temporary directory)')
    .option('--days <n>', 'with --backtest: days of traffic in the demo tenant (1-6)', '3')
    .option('--console-port <n>', 'the web console’s port on 127.0.0.1 (0: any free port)', '0')
    .action(async (raw: RawDemoOptions) => {
      const rulesDir = raw.rules ?? rulesDirOf(context.env);
      if (raw.backtest) {
        const days = numberIn(raw.days, '--days', 1, 6, true);
        await runBacktest(context, { rulesDir, days, ...(raw.out !== undefined ? { out: raw.out } : {}) });
        return;
      }
      const minutes = numberIn(raw.minutes, '--minutes', 0.1, 60);
      const speed = numberIn(raw.speed, '--speed', demoSpeeds.min, demoSpeeds.max);
      const consolePort = numberIn(raw.consolePort, '--console-port', 0, 65_535, true);
      await runLiveDemo(context, { rulesDir, minutes, speed, untilAlerts: raw.untilAlerts === true, consolePort });
    });
}
