// The programmatic API of the CLI: run a command line in process (used by bin.ts, tests and bench).
export { runCli, type RunCliOptions } from './run-cli.js';
export { CliError, isCliError, type CliErrorCode, type ConfigProblem } from './errors/cli-error.js';
