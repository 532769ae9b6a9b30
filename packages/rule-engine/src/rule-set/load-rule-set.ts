import { basename, extname } from 'node:path';
import { conditionReferences } from '../conditions/condition-references.js';
import { topLevelConditionSchema } from '../conditions/condition-schema.js';
import { RuleEngineError } from '../errors/rule-engine-error.js';
import { findRuleFiles, type RuleSetFiles } from './find-rule-files.js';
import { listFileSchema } from './list-file-schema.js';
import { didYouMean } from '../parsing/nearest-name.js';
import { ParsedFile } from '../parsing/parsed-file.js';
import type { RuleDefinition, RuleSet, TopLevelCondition } from './rule-definition.js';
import { ruleFileSchema } from './rule-file-schema.js';
import { compareProblems, type RuleProblem } from '../parsing/rule-problem.js';
import { ruleSetVersion } from './rule-set-version.js';
import { toRuleDefinition } from './to-rule-definition.js';

export interface LoadRuleSetOptions {
  /** Route names a rule's `notify` may use; when undefined, routes are not checked. */
  routes?: readonly string[];
}

export interface LoadRuleSetResult {
  /** The rule set, only when there is no problem at all: a set is used whole or not at all. */
  ruleSet?: RuleSet;
  /** Every problem in every file, ordered by file and position. */
  problems: RuleProblem[];
}

const ruleShape = 'a rule file holds one rule: a mapping with id, title, description, severity and match';

/**
 * Reads and validates the whole rule set under `dir` (rules, lists/, conditions/) at once. Problems are
 * reported with the file (dir joined with its relative path), 1-based line and column, and the nearest
 * valid name for an unknown one; a problem in one file never stops the others from being checked.
 * Throws a RuleEngineError (RE_ERR_RULES_DIR_UNREADABLE) only when `dir` itself cannot be read.
 */
export async function loadRuleSet(dir: string, options: LoadRuleSetOptions = {}): Promise<LoadRuleSetResult> {
  let paths: RuleSetFiles;
  try {
    paths = await findRuleFiles(dir);
  } catch (error) {
    throw new RuleEngineError(
      'RE_ERR_RULES_DIR_UNREADABLE',
      `Cannot read the rules directory '${dir}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path and its permissions.`,
      { cause: error },
    );
  }
  const [listFiles, conditionFiles, ruleFiles] = (await Promise.all(
    [paths.lists, paths.conditions, paths.rules].map((group) => Promise.all(group.map((p) => ParsedFile.read(dir, p)))),
  )) as [ParsedFile[], ParsedFile[], ParsedFile[]];

  const lists = loadLists(listFiles);
  const conditions = loadConditions(conditionFiles);
  const names = { list: Object.keys(lists), condition: Object.keys(conditions) };
  for (const file of conditionFiles) checkReferences(file, file.value, [], names);
  checkConditionCycles(conditionFiles);

  const rules: RuleDefinition[] = [];
  for (const file of ruleFiles) {
    const raw = file.value;
    if (!file.readable) continue;
    if (raw === null || raw === undefined) {
      file.report({ path: [], message: `the file is empty; ${ruleShape}` });
      continue;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      file.report({ path: [], message: `${ruleShape}, got ${Array.isArray(raw) ? 'a list' : 'a single value'}` });
      continue;
    }
    const parsed = file.validate(ruleFileSchema);
    checkReferences(file, (raw as Record<string, unknown>)['match'], ['match'], names);
    for (const [condition, path] of sequenceConditions((raw as Record<string, unknown>)['aggregate']))
      checkReferences(file, condition, path, names);
    checkRoutes(file, (raw as Record<string, unknown>)['notify'], options.routes);
    if (parsed?.aggregate?.kind === 'spike' && parsed.throttle !== undefined)
      file.report({
        path: ['throttle'],
        message:
          'a spike rule takes no throttle: it alerts once per spike and again only for a window that does not overlap the alerted one; remove throttle (or lengthen window)',
      });
    if (parsed && file.problems.length === 0) {
      rules.push(toRuleDefinition(parsed, { file: file.file, line: file.doc.positionOf(['id']).line }));
    }
  }
  checkDuplicateIds(ruleFiles);

  const all = [...listFiles, ...conditionFiles, ...ruleFiles];
  const problems = all.flatMap((f) => f.problems).sort(compareProblems);
  if (problems.length > 0) return { problems };
  return {
    ruleSet: {
      rules,
      lists,
      conditions,
      version: ruleSetVersion(all.map((f) => ({ path: f.path, content: f.content }))),
    },
    problems,
  };
}

function stem(path: string): string {
  return basename(path, extname(path));
}

// Maps, turned into objects with Object.fromEntries, so a file named __proto__.yaml is just a name.
function loadLists(files: ParsedFile[]): Record<string, string[]> {
  const lists = new Map<string, string[]>();
  const seen = new Map<string, ParsedFile>();
  for (const file of files) {
    const name = stem(file.path);
    const first = seen.get(name);
    if (first)
      file.report({
        path: [],
        message: `list '${name}' is also defined in ${first.file}; keep one file per list name`,
      });
    else seen.set(name, file);
    if (!lists.has(name)) lists.set(name, []);
    if (!file.readable) continue;
    const value = file.validate(listFileSchema);
    if (value) lists.set(name, value === null ? [] : Array.isArray(value) ? value : value.values);
  }
  return Object.fromEntries(lists);
}

function loadConditions(files: ParsedFile[]): Record<string, TopLevelCondition> {
  const conditions = new Map<string, TopLevelCondition>();
  for (const file of files) {
    const name = stem(file.path);
    if (conditions.has(name))
      file.report({ path: [], message: `condition '${name}' is defined twice; keep one file per condition name` });
    conditions.set(name, { all: [] });
    if (!file.readable) continue;
    if (file.value === null || file.value === undefined) {
      file.report({
        path: [],
        message: 'the file is empty; a shared condition file holds one condition: all, any, not or condition',
      });
      continue;
    }
    const value = file.validate(topLevelConditionSchema);
    if (value) conditions.set(name, value);
  }
  return Object.fromEntries(conditions);
}

function checkReferences(
  file: ParsedFile,
  condition: unknown,
  base: Array<string | number>,
  names: { list: string[]; condition: string[] },
): void {
  for (const site of conditionReferences(condition, base)) {
    const known = names[site.kind];
    if (known.includes(site.name)) continue;
    const where = site.kind === 'list' ? 'lists/<name>.yaml' : 'conditions/<name>.yaml';
    const hint =
      didYouMean(site.name, known) ||
      `; ${site.kind}s are the files ${where}${known.length > 0 ? ` (${known.join(', ')})` : ' (there are none yet)'}`;
    file.report({ path: site.path, message: `unknown ${site.kind} '${site.name}'${hint}` });
  }
}

/** The `match` of each step and of `absent` of a sequence aggregate, read defensively (not yet validated). */
function sequenceConditions(aggregate: unknown): Array<[unknown, Array<string | number>]> {
  if (typeof aggregate !== 'object' || aggregate === null) return [];
  const { steps, absent } = aggregate as Record<string, unknown>;
  const found: Array<[unknown, Array<string | number>]> = [];
  if (Array.isArray(steps))
    steps.forEach((step: unknown, i) => {
      if (typeof step === 'object' && step !== null)
        found.push([(step as Record<string, unknown>)['match'], ['aggregate', 'steps', i, 'match']]);
    });
  if (typeof absent === 'object' && absent !== null)
    found.push([(absent as Record<string, unknown>)['match'], ['aggregate', 'absent', 'match']]);
  return found;
}

function checkRoutes(file: ParsedFile, notify: unknown, routes: readonly string[] | undefined): void {
  if (!routes) return;
  if (notify === undefined && !routes.includes('security')) {
    file.report({
      path: [],
      message: `the rule has no notify, so it goes to the default route 'security', which is not defined; add notify: [${routes.join(', ')}] or define the route`,
    });
  }
  if (!Array.isArray(notify)) return;
  notify.forEach((route, i) => {
    if (typeof route !== 'string' || routes.includes(route)) return;
    const hint =
      didYouMean(route, routes) ||
      `; routes are defined in routes.yaml${routes.length > 0 ? ` (${routes.join(', ')})` : ''}`;
    file.report({ path: ['notify', i], message: `unknown route '${route}'${hint}` });
  });
}

/** Shared conditions that refer to themselves, directly or through others, would never finish evaluating. */
function checkConditionCycles(files: ParsedFile[]): void {
  const byName = new Map(files.map((f) => [stem(f.path), f]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    state.set(name, 'visiting');
    const file = byName.get(name)!;
    for (const site of conditionReferences(file.value)) {
      if (site.kind !== 'condition' || !byName.has(site.name)) continue;
      if (state.get(site.name) === 'visiting') {
        const start = trail.indexOf(site.name);
        const cycle = [...(start >= 0 ? trail.slice(start) : []), name, site.name].join(' → ');
        file.report({
          path: site.path,
          message: `condition '${site.name}' refers back to itself (${cycle}); break the cycle`,
        });
      } else if (!state.has(site.name)) {
        visit(site.name, [...trail, name]);
      }
    }
    state.set(name, 'done');
  };
  for (const name of byName.keys()) if (!state.has(name)) visit(name, []);
}

function checkDuplicateIds(files: ParsedFile[]): void {
  const byId = new Map<string, ParsedFile[]>();
  for (const file of files) {
    const id = (file.value as Record<string, unknown> | null | undefined)?.['id'];
    if (typeof id === 'string' && file.readable) byId.set(id, [...(byId.get(id) ?? []), file]);
  }
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    for (const file of group) {
      const others = group
        .filter((f) => f !== file)
        .map((f) => {
          const { line, column } = f.doc.positionOf(['id']);
          return `${f.file}:${line}:${column}`;
        });
      file.report({
        path: ['id'],
        message: `duplicate id '${id}': also used in ${others.join(', ')}; rule ids must be unique`,
      });
    }
  }
}
