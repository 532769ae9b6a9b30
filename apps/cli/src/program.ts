import { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerArchiveCommand } from './commands/archive-command.js';
import { registerConsoleCommand } from './commands/console-command.js';
import { registerDeadLettersCommand } from './commands/deadletters-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerEventsCommand } from './commands/events-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerReplayCommand } from './commands/replay-command.js';
import { registerRulesCommand } from './commands/rules-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSilencesCommand } from './commands/silences-command.js';
import { version } from './version.js';

/**
 * The `b2c-alerts` command tree. Commander never exits or prints on its own: output goes to the
 * context's streams and errors come back to runCli as exceptions. Register new commands here.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command()
    .name('b2c-alerts')
    .description('Watch Azure AD B2C audit logs through Microsoft Graph: archive them, evaluate rules, alert.')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');
  // Subcommands inherit exitOverride and output settings when created, so register them last.
  registerExportCommand(program, context);
  registerReplayCommand(program, context);
  registerEventsCommand(program, context);
  registerArchiveCommand(program, context);
  registerRulesCommand(program, context);
  registerDemoCommand(program, context);
  registerEvalCommand(program, context);
  registerSilencesCommand(program, context);
  registerDeadLettersCommand(program, context);
  registerRunCommand(program, context);
  registerConsoleCommand(program, context);
  return program;
}
