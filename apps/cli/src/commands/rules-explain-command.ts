import { explainRule, nearestName, type RuleDefinition, type TopLevelCondition } from '@b2c-alerts/rule-engine';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { formatExplainTree } from '../rules/format-explain-tree.js';
import { readExplainEvent } from '../rules/read-explain-event.js';
import { requireRuleSet } from '../rules/require-rule-set.js';
import { rulesOption } from '../rules/rules-option.js';

/** `b2c-alerts rules explain <rule-id> <event.json>`: the condition tree with values; exit 0 on a match, 1 otherwise, 2 on usage errors. */
export function registerRulesExplainCommand(rules: Command, context: CommandContext): void {
  rules
    .command('explain')
    .summary('show which conditions of a rule hold for one event, with values')
    .description(
      "Evaluate one rule's match against one event with json-rules-engine (the reference) and print every condition " +
        'with ✓ or ✗, the fact, operator, expected and actual values. The event file holds a directoryAudit, a Graph page ' +
        'or an Event Hub records envelope (first record), or compact facts as in rule tests. Exit 0 when the rule matches, 1 when not.',
    )
    .argument('<rule-id>', 'the id of the rule')
    .argument('<event-file>', 'a JSON file holding the event')
    .option(...rulesOption(context))
    .action(async (ruleId: string, eventFile: string, raw: { rules?: string }) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const ruleSet = await requireRuleSet(dir, context.stderr);
      const rule = ruleSet.rules.find((r) => r.id === ruleId);
      if (!rule) {
        const near = nearestName(
          ruleId,
          ruleSet.rules.map((r) => r.id),
        );
        throw new CliError(
          'CLI_ERR_USAGE',
          `No rule '${escapeControlChars(ruleId)}' in ${displayPath(dir)}${near ? `; did you mean '${near}'?` : '; check the id in its rule file'}`,
        );
      }
      const event = await readExplainEvent(eventFile);
      const explained = await explainRule(rule, event, ruleSet);
      const out = (line: string) => context.stdout.write(`${line}\n`);
      out(`rule ${rule.id}: ${escapeControlChars(rule.title)}`);
      out(
        `event ${escapeControlChars(event.id)} at ${escapeControlChars(event.time)}: ${escapeControlChars(JSON.stringify(event.activity))}`,
      );
      for (const line of formatExplainTree(explained)) out(line);
      // A sequence rule's steps (and absent clause) pick their events among those its match selects.
      if (rule.aggregate?.kind === 'sequence') {
        const parts: Array<[string, TopLevelCondition]> = rule.aggregate.steps.map((step) => [
          `step ${step.name}`,
          step.match,
        ]);
        if (rule.aggregate.absent !== undefined) parts.push(['absent', rule.aggregate.absent.match]);
        for (const [label, match] of parts) {
          const part = await explainRule({ ...rule, match }, event, ruleSet);
          out(
            `${label}: ${part.result && explained.result ? 'the event counts for it' : 'the event does not count for it'}`,
          );
          for (const line of formatExplainTree(part)) out(`  ${line}`);
        }
      }
      for (const note of notes(rule, explained.result)) out(`note: ${note}`);
      out(explained.result ? 'result: matches' : 'result: does not match');
      if (!explained.result)
        throw new CliError(
          'CLI_ERR_CHECK_FAILED',
          `Rule ${rule.id} does not match this event (the ✗ conditions above say why).`,
        );
    });
}

function notes(rule: RuleDefinition, matches: boolean): string[] {
  const notes: string[] = [];
  if (!rule.enabled)
    notes.push(
      `the rule is disabled (enabled: false)${matches ? '; it would match but never alert' : ' and never alerts'}`,
    );
  const aggregate = rule.aggregate;
  if (aggregate !== undefined) {
    notes.push(
      aggregate.kind === 'absence'
        ? 'this is an absence rule: a matching event keeps it quiet; it alerts when no event matches for its window'
        : aggregate.kind === 'sequence'
          ? 'this is a sequence rule: a matching event counts for the steps above whose conditions it meets; the rule alerts when the steps happen in order within its window (rules test and replay show when)'
          : `a match counts toward the rule's ${aggregate.kind} aggregate; one event alone may not raise an alert (replay shows what would)`,
    );
  }
  if (rule.throttle !== undefined)
    notes.push('alerts are throttled: repeated matches of the same key within the period are counted, not alerted');
  return notes;
}
