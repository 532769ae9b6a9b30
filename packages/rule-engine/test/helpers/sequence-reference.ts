import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { RuleDefinition, SequenceAggregate } from '../../src/index.js';
import { compileCondition } from '../../src/conditions/compile-condition.js';
import { getFact } from '../../src/conditions/facts.js';
import { chooseFact } from '../../src/evaluation/fact-choice.js';
import { factText } from '../../src/evaluation/group-key.js';
import { compareCodePoints } from '../../src/evaluation/code-point-order.js';

/** One alert of the reference: the group, the event that completed the steps, and for the negative form when the window closed. */
export interface ReferenceAlert {
  group: string;
  completedBy: string;
  close?: number;
}

interface Item {
  event: AuditEvent;
  steps: boolean[];
  values: string[];
  absent: boolean;
}

/**
 * The alerts of a sequence rule on a set of events, straight from the definition in
 * evaluation/aggregations/sequence.ts and by other means than the stores: every qualifying run of each
 * step's events is enumerated, and the chains of runs are found by dynamic programming. Slow (for
 * tests of a few dozen events per group), independent of arrival order.
 */
export function referenceAlerts(rule: RuleDefinition, events: readonly AuditEvent[]): ReferenceAlert[] {
  const aggregate = rule.aggregate as SequenceAggregate;
  const context = { lists: {}, conditions: {} };
  const matchRule = compileCondition(rule.match, context);
  const steps = aggregate.steps.map((step) => compileCondition(step.match, context));
  const absent = aggregate.absent === undefined ? undefined : compileCondition(aggregate.absent.match, context);
  const byGroup = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id) || !matchRule(event)) continue;
    seen.add(event.id);
    const group = aggregate.groupBy.map((choice) => factText(chooseFact(choice, event)?.value)).join('|');
    const values = aggregate.steps.map((step) =>
      step.distinct === undefined ? event.id : factText(getFact(event, step.distinct)),
    );
    const item: Item = {
      event,
      steps: steps.map((test, i) => test(event) && values[i] !== ''),
      values,
      absent: absent?.(event) === true,
    };
    byGroup.set(group, [...(byGroup.get(group) ?? []), item]);
  }
  const alerts: ReferenceAlert[] = [];
  for (const [group, items] of [...byGroup].sort(([a], [b]) => compareCodePoints(a, b))) {
    items.sort((a, b) => a.event.timestamp - b.event.timestamp || compareCodePoints(a.event.id, b.event.id));
    let reset = -1;
    for (;;) {
      const c = earliestCompletion(aggregate, items, reset);
      if (c === undefined) break;
      const completedBy = items[c]!.event;
      if (aggregate.absent === undefined) {
        alerts.push({ group, completedBy: completedBy.id });
        reset = c;
        continue;
      }
      const close = completedBy.timestamp + aggregate.absent.windowMs;
      const ended = items.findIndex((item, i) => i > c && item.absent && item.event.timestamp <= close);
      if (ended >= 0) {
        reset = ended;
        continue;
      }
      alerts.push({ group, completedBy: completedBy.id, close });
      reset = items.findLastIndex((item) => item.event.timestamp <= close);
    }
  }
  return alerts;
}

/** The index of the earliest event after `reset` at which a sequence completes. */
function earliestCompletion(aggregate: SequenceAggregate, items: Item[], reset: number): number | undefined {
  const n = aggregate.steps.length;
  // runs[k]: qualifying runs [first, last] (indexes into items) of step k's events after reset.
  const runs = aggregate.steps.map((step, k) => {
    const indexes = items.flatMap((item, i) => (i > reset && item.steps[k] ? [i] : []));
    const found: Array<[number, number]> = [];
    for (let a = 0; a < indexes.length; a++) {
      const values = new Set<string>();
      for (let b = a; b < indexes.length; b++) {
        const first = items[indexes[a]!]!.event.timestamp;
        const last = items[indexes[b]!]!.event.timestamp;
        if (last - first >= step.windowMs) break;
        values.add(items[indexes[b]!]!.values[k]!);
        if (values.size >= step.threshold) found.push([indexes[a]!, indexes[b]!]);
      }
    }
    return found;
  });
  // best[k][j]: the latest first event of step 1 of a chain of runs ending with runs[k][j].
  let best = runs[0]!.map(([first]) => items[first]!.event.timestamp);
  for (let k = 1; k < n; k++) {
    best = runs[k]!.map(([first]) => {
      let latest = -Infinity;
      runs[k - 1]!.forEach(([, last], j) => {
        if (last < first) latest = Math.max(latest, best[j]!);
      });
      return latest;
    });
  }
  let earliest: number | undefined;
  runs[n - 1]!.forEach(([, last], j) => {
    if (items[last]!.event.timestamp - best[j]! < aggregate.windowMs && (earliest === undefined || last < earliest))
      earliest = last;
  });
  return earliest;
}
