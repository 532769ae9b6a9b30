import { describe, expect, it } from 'vitest';
import { RuleEngineError, isRuleEngineError } from '../../src/errors/rule-engine-error.js';
import { RuleSetError } from '../../src/errors/rule-set-error.js';
import { formatProblem } from '../../src/parsing/rule-problem.js';

describe('RuleSetError', () => {
  it('carries every problem and lists them as file:line:col: message', () => {
    const problems = [
      {
        file: 'rules/a.rule.yaml',
        line: 3,
        column: 11,
        message: "unknown fact 'actor.upm'; did you mean 'actor.upn'?",
      },
      { file: 'rules/b.rule.yaml', line: 1, column: 5, message: "duplicate id 'x'" },
    ];
    const error = new RuleSetError(problems);
    expect(error).toBeInstanceOf(RuleEngineError);
    expect(isRuleEngineError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'RuleSetError', code: 'RE_ERR_RULE_SET_INVALID', problems });
    expect(error.message).toContain('2 problems');
    expect(error.message).toContain("rules/a.rule.yaml:3:11: unknown fact 'actor.upm'; did you mean 'actor.upn'?");
    expect(formatProblem(problems[1]!)).toBe("rules/b.rule.yaml:1:5: duplicate id 'x'");
  });
});
