import { it } from 'vitest';
import { Evaluator, MemoryStateStore, type AlertCandidate } from '../src/index.js';
import { ruleSet } from './support/rules.js';
import { chunks, scenarioEvents, scenarioRules } from './support/scenario.js';
it('debug', async () => {
  const store = new MemoryStateStore();
  const events = scenarioEvents();
  const run = async (size: number, tag: string) => {
    const ev = new Evaluator({ ruleSet: ruleSet(...scenarioRules()), store });
    const out: string[] = [];
    for (const b of chunks(events, size)) for (const a of await ev.evaluate(b)) out.push(`${tag} ${a.ruleId} ${a.groupKey} ${a.lastTime} ${a.eventIds.join(',')}`);
    return out;
  };
  const [a, b] = await Promise.all([run(20, 'A'), run(33, 'B')]);
  console.log([...a, ...b].sort((x, y) => x.slice(2).localeCompare(y.slice(2))).join('\n'));
});
