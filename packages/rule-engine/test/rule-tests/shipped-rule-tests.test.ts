import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet, readRouteNames, runRuleTests } from '../../src/index.js';

// The shipped pack's own test cases (what `b2c-alerts rules test` runs), so a broken rule in rules/
// fails `pnpm test` and CI, not only a reviewer who remembered to run the CLI.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));

describe('the shipped rules/ test cases', () => {
  it('all pass, with no problems, and every rule has cases that fire and that must not', async () => {
    const { routes, problems: routeProblems } = await readRouteNames(join(rulesDir, 'routes.yaml'));
    expect(routeProblems.map(formatProblem)).toEqual([]);
    expect(routes).toContain('security');

    const report = await runRuleTests(rulesDir, { routes });
    expect(report.problems.map(formatProblem)).toEqual([]);
    const failures = report.results
      .filter((r) => !r.passed)
      .map((r) => `${r.ruleId} (${r.file}): ${r.case}\n${r.diff ?? ''}`);
    expect(failures).toEqual([]);
    expect(report.failed).toBe(0);
    // No rule skips a case's events unannounced: a skip the pack means is declared in its case (skipped:).
    expect(report.warnings.map(formatProblem)).toEqual([]);

    // Every rule of the set ran at least one case; disabled rules are tested too (runRuleTests enables them).
    const { ruleSet } = await loadRuleSet(rulesDir, { routes });
    const ruleIds = ruleSet!.rules.map((rule) => rule.id);
    const tested = new Set(report.results.filter((r) => r.kind === 'case').map((r) => r.ruleId));
    expect(ruleIds.filter((id) => !tested.has(id))).toEqual([]);
    expect(ruleIds.length).toBeGreaterThanOrEqual(30);
    expect(report.passed).toBeGreaterThanOrEqual(2 * ruleIds.length);
  });
});
