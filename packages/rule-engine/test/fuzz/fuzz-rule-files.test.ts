import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet, type LoadRuleSetResult } from '../../src/index.js';

// Seeded fuzzing of the rule loader: mutated copies of the shipped rule files, and random YAML, must
// give a rule set or problems with file:line:col, never an exception. A fixed case count per seed, so a
// failure replays exactly; the test timeout is the hang bound and RSS growth the memory bound.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const cases = 150;
const MB = 1024 * 1024;
const rssBound = 300 * MB;

const yamlNoise = [
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  '!!binary',
  '!!js/function',
  '|',
  '>',
  '\t',
  '\n',
  '  ',
  '\u0000',
  '\uFEFF',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '<<: *a',
  '? ',
  '0x',
  '.inf',
  '~',
  'null',
  'true',
  'é',
  '\u202E',
  '(?:a+)+$',
];

/** Deletes, duplicates or replaces random characters and lines, or splices in YAML syntax. */
function mutate(prng: Prng, text: string): string {
  let out = text;
  for (let i = prng.range(1, 6); i > 0; i--) {
    const at = prng.int(out.length + 1);
    switch (prng.int(6)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + prng.range(1, 20));
        break;
      case 1: {
        const piece = out.slice(at, at + prng.range(1, 80));
        out = out.slice(0, at) + piece.repeat(prng.range(2, 4)) + out.slice(at);
        break;
      }
      case 2:
        out = out.slice(0, at) + prng.pick(yamlNoise) + out.slice(at + 1);
        break;
      case 3: {
        const lines = out.split('\n');
        const n = prng.int(lines.length);
        lines.splice(prng.int(lines.length), 0, lines[n] ?? '');
        out = lines.join('\n');
        break;
      }
      case 4:
        out = out.slice(0, at) + prng.chars(prng.range(1, 10), 'abcXYZ09 :-_[]{}",.\'\\\n\t') + out.slice(at);
        break;
      default:
        out = out.slice(0, at);
    }
  }
  return out;
}

/** YAML-ish text from nothing: nested mappings and sequences with hostile scalars. */
function randomYaml(prng: Prng, depth = 0): string {
  const scalar = () =>
    prng.pick([
      'x',
      '1',
      '-1',
      '1e400',
      'null',
      '~',
      '""',
      "'",
      '"\\u0000"',
      'a'.repeat(prng.range(1, 5000)),
      '*a',
      '&a v',
      '.nan',
      '2026-13-45',
    ]);
  if (depth > 6 || prng.chance(0.3)) return scalar();
  const indent = '  '.repeat(depth);
  const lines: string[] = [];
  const keys = [
    'id',
    'title',
    'description',
    'severity',
    'match',
    'all',
    'any',
    'not',
    'fact',
    'operator',
    'value',
    'aggregate',
    'throttle',
    'for',
    'notify',
    'fields',
    'condition',
    prng.chars(3, 'abc'),
  ];
  for (let i = prng.range(1, 5); i > 0; i--) {
    const child = randomYaml(prng, depth + 1);
    if (prng.chance(0.5)) lines.push(`${indent}${prng.pick(keys)}:${child.includes('\n') ? '\n' : ' '}${child}`);
    else lines.push(`${indent}-${child.includes('\n') ? '\n' : ' '}${child}`);
  }
  return lines.join('\n');
}

async function ruleFiles(dir: string, under = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, under), { withFileTypes: true })) {
    const rel = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await ruleFiles(dir, rel)));
    else if (entry.name.endsWith('.rule.yaml') || /^(lists|conditions)\//.test(rel)) found.push(rel);
  }
  return found.sort();
}

function expectWellFormed(result: LoadRuleSetResult, dir: string, label: string): void {
  if (result.ruleSet !== undefined) {
    expect(result.problems, label).toEqual([]);
    return;
  }
  expect(result.problems.length, label).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(p.file.startsWith(dir), `${label}: ${formatProblem(p)}`).toBe(true);
    expect(Number.isInteger(p.line) && p.line >= 1, `${label}: ${formatProblem(p)}`).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1, `${label}: ${formatProblem(p)}`).toBe(true);
    expect(formatProblem(p)).toMatch(/^.+:\d+:\d+: ./s);
  }
}

describe('loadRuleSet over mutated shipped rule files', () => {
  let dir: string;
  let files: string[];
  const originals = new Map<string, string>();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fuzz-rule-files-'));
    await cp(rulesDir, dir, { recursive: true, filter: (src) => !src.endsWith('.tests.yaml') });
    files = await ruleFiles(dir);
    for (const file of files) originals.set(file, await readFile(join(dir, file), 'utf8'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the unmutated copy loads with no problem (the baseline the cases mutate)', async () => {
    const result = await loadRuleSet(dir);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ruleSet).toBeDefined();
    expect(files.filter((f) => f.endsWith('.rule.yaml')).length).toBeGreaterThan(10);
  });

  it(`${cases} mutated sets give a rule set or problems with file:line:col, never an exception`, async () => {
    const prng = new Prng(1203);
    const base = process.memoryUsage().rss;
    let rejected = 0;
    for (let n = 0; n < cases; n++) {
      const touched = Array.from({ length: prng.range(1, 3) }, () => prng.pick(files));
      for (const file of touched) {
        const text = prng.chance(0.15) ? randomYaml(prng) : mutate(prng, originals.get(file) ?? '');
        await writeFile(join(dir, file), text);
      }
      const label = `case ${n} (${touched.join(', ')})`;
      let result: LoadRuleSetResult | undefined;
      try {
        result = await loadRuleSet(dir);
      } catch (error) {
        expect.fail(`${label}: loadRuleSet threw ${String((error as Error).stack ?? error)}`);
      }
      expectWellFormed(result, dir, label);
      if (result.ruleSet === undefined) rejected++;
      for (const file of touched) await writeFile(join(dir, file), originals.get(file) ?? '');
    }
    // Most mutations break something; a fuzzer whose cases all load is not reaching the checks.
    expect(rejected).toBeGreaterThan(cases / 2);
    expect(process.memoryUsage().rss - base).toBeLessThan(rssBound);
  });
});
