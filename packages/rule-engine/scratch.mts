import { loadRuleSet } from './src/load-rule-set.js';
import { formatProblem } from './src/rule-problem.js';
const r = await loadRuleSet(process.argv[2]!, { routes: ['security', 'oncall'] });
for (const p of r.problems) console.log(formatProblem(p));
if (r.ruleSet) console.log(JSON.stringify(r.ruleSet, null, 1));
