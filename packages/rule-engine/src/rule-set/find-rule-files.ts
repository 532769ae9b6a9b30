import { listRulesDir } from './list-rules-dir.js';

/** The files a rule set is made of, as paths relative to the rules directory (forward slashes), sorted. */
export interface RuleSetFiles {
  /** `**\/*.rule.yaml`, `*.rule.yml`, `*.rule.json` outside lists/ and conditions/. */
  rules: string[];
  /** `lists/*.yaml|yml`: one named list each. */
  lists: string[];
  /** `conditions/*.yaml|yml`: one shared condition each. */
  conditions: string[];
}

const ruleFile = /\.rule\.(?:ya?ml|json)$/;
const namedFile = /^(?:lists|conditions)\/[^/]+\.ya?ml$/;

/** Lists `dir` (listRulesDir: each directory once, links followed) and sorts its files into rules, lists and conditions. */
export async function findRuleFiles(dir: string): Promise<RuleSetFiles> {
  const found: RuleSetFiles = { rules: [], lists: [], conditions: [] };
  for (const path of await listRulesDir(dir)) {
    if (namedFile.test(path)) (path.startsWith('lists/') ? found.lists : found.conditions).push(path);
    else if (ruleFile.test(path) && !/^(?:lists|conditions)\//.test(path)) found.rules.push(path);
  }
  for (const list of Object.values(found)) list.sort();
  return found;
}
