// The programmatic API of the CLI: run a command line in process (used by bin.ts, tests and bench), and the
// labelled evaluation for bench's detection case.
export { runCli, type RunCliOptions } from './run-cli.js';
export { CliError, isCliError, type CliErrorCode, type ConfigProblem } from './errors/cli-error.js';
export { runEvaluation, type EvaluationOptions } from './eval/run-evaluation.js';
export { evaluationVerdict, type EvaluationReport, type EvaluationVerdict } from './eval/evaluation-report.js';
export { formatEvaluationMarkdown } from './eval/format-evaluation.js';
