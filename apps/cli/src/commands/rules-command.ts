import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerRulesExplainCommand } from './rules-explain-command.js';
import { registerRulesTestCommand } from './rules-test-command.js';
import { registerRulesValidateCommand } from './rules-validate-command.js';

/** `b2c-alerts rules validate|test|explain`: the rule author's loop. */
export function registerRulesCommand(program: Command, context: CommandContext): void {
  const rules = program
    .command('rules')
    .summary('validate, test and explain rules')
    .description(
      'Work on the rules directory: validate every file, run the rule tests, explain a rule against one event.',
    );
  registerRulesValidateCommand(rules, context);
  registerRulesTestCommand(rules, context);
  registerRulesExplainCommand(rules, context);
}
