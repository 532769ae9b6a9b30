import type { CommandContext } from '../command-context.js';
import { rulesDirOf } from '../env.js';

/** Flags and help of the `--rules DIR` option every rule command takes; its default comes from RULES_DIR. */
export function rulesOption(context: CommandContext): [string, string] {
  return ['--rules <dir>', `rules directory (default: RULES_DIR, else ./rules; now ${rulesDirOf(context.env)})`];
}
