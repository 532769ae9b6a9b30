import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  addSilenceToFile,
  expireSilenceInFile,
  isRuleEngineError,
  loadSilences,
  nearestName,
  silenceIdPattern,
  silenceState,
  type SilenceEntry,
  type SilenceMatcher,
} from '@b2c-alerts/rule-engine';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { durationOption } from '../text/duration-option.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { parseTime } from '../text/parse-time.js';
import { problemLine } from '../rules/problem-line.js';
import { readRules } from '../rules/read-rules.js';
import { rulesOption } from '../rules/rules-option.js';
import { formatMatcher, parseMatcherExpression } from '../silences/matcher-expression.js';

interface RawAddOptions {
  rules?: string;
  rule?: string;
  match: string[];
  for?: string;
  until?: string;
  from?: string;
  reason: string;
  author: string;
  id?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `b2c-alerts silences add|list|expire`: edits `<rules>/silences.yaml` in place, keeping its comments. */
export function registerSilencesCommand(program: Command, context: CommandContext): void {
  const silences = program
    .command('silences')
    .summary('add, list and expire silences (rules/silences.yaml)')
    .description(
      'Silences stop matching alerts from being delivered for a while. They live in <rules>/silences.yaml, reviewed in git ' +
        'like the rules; these commands edit that file in place (comments kept). Running workers reload it on change.',
    );

  silences
    .command('add')
    .summary('silence alerts of a rule (and facts) for a while')
    .option(...rulesOption(context))
    .option('--rule <id>', 'the rule whose alerts to silence (a ruleId matcher)')
    .option(
      '--match <matcher>',
      'also require name=value, name!=value, name=~regex or name!~regex (repeatable)',
      collect,
      [],
    )
    .option('--for <duration>', 'how long, e.g. 2h, 1h30m, 1.5h or 1d (from now, or from --from)')
    .option('--until <time>', 'when it ends: a duration from now (2h, 1h30m) or ISO 8601 (instead of --for)')
    .option('--from <time>', 'when it starts: a duration from now or ISO 8601 (default: now)')
    .requiredOption('--reason <text>', 'why: a change ticket, a planned test')
    .requiredOption('--author <who>', 'who adds it')
    .option('--id <id>', 'the silence id (default: date, rule and a random suffix)')
    .action(async (raw: RawAddOptions) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const now = context.clock.now();
      const matchers: SilenceMatcher[] = [];
      if (raw.rule !== undefined) {
        await checkRuleId(dir, raw.rule);
        matchers.push({ name: 'ruleId', value: raw.rule });
      }
      matchers.push(...raw.match.map(parseMatcherExpression));
      if (matchers.length === 0)
        throw new CliError('CLI_ERR_USAGE', 'Say what to silence: --rule <id> and/or --match name=value.');
      const startsAt = raw.from === undefined ? now : parseTime(raw.from, now, '--from', 'future');
      const endsAt = endOf(raw, startsAt, now);
      if (endsAt <= now)
        throw new CliError(
          'CLI_ERR_USAGE',
          'The silence would end in the past; give a later --until or a longer --for.',
        );
      const id = raw.id ?? generatedId(raw.rule, now);
      if (!silenceIdPattern.test(id))
        throw new CliError('CLI_ERR_USAGE', `--id '${id}' must be letters, digits, dots, dashes or underscores.`);
      const entry: SilenceEntry = {
        id,
        matchers,
        startsAt: iso(startsAt),
        endsAt: iso(endsAt),
        reason: raw.reason,
        author: raw.author,
      };
      const file = join(dir, 'silences.yaml');
      await addSilenceToFile(file, entry);
      context.stdout.write(
        `${escapeControlChars(`Added silence ${id} to ${displayPath(file)}: ${matchers.map(formatMatcher).join(', ')}, ${entry.startsAt} until ${entry.endsAt}.`)}\n` +
          'Commit the file so the change is reviewed; running workers reload it.\n',
      );
    });

  silences
    .command('list')
    .summary('list active and pending silences (--all: expired too)')
    .option(...rulesOption(context))
    .option('--all', 'include expired silences')
    .option('--json', 'print JSON instead of text')
    .action(async (raw: { rules?: string; all?: boolean; json?: boolean }) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const now = context.clock.now();
      const loaded = await loadSilences(join(dir, 'silences.yaml'), { now });
      if (loaded.problems.length > 0) {
        for (const problem of loaded.problems) context.stdout.write(`${problemLine(problem)}\n`);
        throw new CliError(
          'CLI_ERR_CHECK_FAILED',
          `silences.yaml has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; fix them and run again.`,
        );
      }
      const rows = loaded.silences
        .map((s) => ({ ...s, state: silenceState(s, now) }))
        .filter((s) => raw.all || s.state !== 'expired');
      if (raw.json) {
        context.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        context.stdout.write(
          raw.all ? 'No silences.\n' : 'No active or pending silences (--all shows expired ones).\n',
        );
        return;
      }
      const e = escapeControlChars;
      for (const s of rows) {
        context.stdout.write(`${e(s.id)}  ${s.state}  ${e(s.startsAt)} → ${e(s.endsAt)}  by ${e(s.author)}\n`);
        context.stdout.write(`  ${e(s.matchers.map(formatMatcher).join(', '))}\n  ${e(s.reason)}\n`);
      }
    });

  silences
    .command('expire')
    .summary('end a silence now')
    .argument('<id>', 'the silence id (silences list shows them)')
    .option(...rulesOption(context))
    .action(async (id: string, raw: { rules?: string }) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const now = context.clock.now();
      const file = join(dir, 'silences.yaml');
      const result = await expireSilenceInFile(file, id, now).catch((error: unknown) => {
        if (isRuleEngineError(error) && error.code === 'RE_ERR_SILENCE_NOT_FOUND')
          throw new CliError('CLI_ERR_USAGE', error.message, { cause: error });
        throw error;
      });
      context.stdout.write(
        escapeControlChars(
          result.expired
            ? `Expired silence ${id} at ${iso(now)} in ${displayPath(file)}.`
            : `Silence ${id} had ended already; nothing changed.`,
        ) + '\n',
      );
    });
}

/** An unknown rule id is refused (with the nearest one) when the rule set loads; self-alert ids are allowed. */
async function checkRuleId(dir: string, ruleId: string): Promise<void> {
  if (ruleId.startsWith('self.')) return;
  const { ruleSet } = await readRules(dir).catch(() => ({ ruleSet: undefined }));
  if (!ruleSet || ruleSet.rules.some((r) => r.id === ruleId)) return;
  const near = nearestName(
    ruleId,
    ruleSet.rules.map((r) => r.id),
  );
  throw new CliError(
    'CLI_ERR_USAGE',
    `There is no rule '${ruleId}' in ${displayPath(dir)}${near ? `; did you mean '${near}'?` : ''}`,
  );
}

function endOf(raw: RawAddOptions, startsAt: number, now: number): number {
  if (raw.for !== undefined && raw.until === undefined) return startsAt + durationOption('--for', raw.for);
  if (raw.until === undefined || raw.for !== undefined)
    throw new CliError(
      'CLI_ERR_USAGE',
      'Give how long the silence lasts: --for <duration> (e.g. 2h) or --until <time>.',
    );
  const until = parseTime(raw.until, now, '--until', 'future');
  if (until <= startsAt) throw new CliError('CLI_ERR_USAGE', '--until must be after the start of the silence.');
  return until;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `20260112-policy-key-deleted-3fa2`: readable, and unique enough for a file edited by hand. */
function generatedId(ruleId: string | undefined, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  const name = (ruleId?.split('.').pop() ?? 'silence').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60);
  return `${day}-${name}-${randomBytes(2).toString('hex')}`;
}
