import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SilencesFileError } from '../../src/errors/silences-file-error.js';
import { loadSilences } from '../../src/silences/load-silences.js';
import {
  addSilenceToFile,
  addSilenceToText,
  expireSilenceInFile,
  expireSilenceInText,
} from '../../src/silences/silences-file-editor.js';
import type { SilenceEntry } from '../../src/silences/silences-file-schema.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

const shipped = [
  '# Silences: alerts that match are recorded but not delivered.',
  '#',
  '# Example:',
  '#   silences:',
  '#     - id: 2026-01-key-rotation',
  'silences: []',
  '',
].join('\n');

const entry: SilenceEntry = {
  id: 'chg-1234',
  matchers: [
    { name: 'ruleId', value: 'b2c.keys.policy-key-deleted' },
    { name: 'target.id', value: '^B2C_1A_.*$', isRegex: true },
  ],
  startsAt: '2026-01-12T08:00:00.000Z',
  endsAt: '2026-01-12T12:00:00.000Z',
  reason: 'Planned rotation # not a comment',
  author: 'alex@contoso.com',
};

describe('addSilenceToText', () => {
  it('turns `silences: []` into a block list, keeping the comments', () => {
    expect(addSilenceToText(shipped, entry)).toBe(
      [
        '# Silences: alerts that match are recorded but not delivered.',
        '#',
        '# Example:',
        '#   silences:',
        '#     - id: 2026-01-key-rotation',
        'silences:',
        '  - id: chg-1234',
        '    matchers:',
        '      - { name: ruleId, value: b2c.keys.policy-key-deleted }',
        '      - { name: target.id, value: ^B2C_1A_.*$, isRegex: true }',
        '    startsAt: 2026-01-12T08:00:00.000Z',
        '    endsAt: 2026-01-12T12:00:00.000Z',
        '    reason: "Planned rotation # not a comment"',
        '    author: alex@contoso.com',
        '',
      ].join('\n'),
    );
  });

  it('appends after existing entries, keeping their comments and layout', () => {
    const text = [
      'silences:',
      '  # the pen test of January',
      '  - id: pentest # ticket SEC-9',
      '    matchers: [{ name: ip, value: 203.0.113.7 }]',
      '    startsAt: 2026-01-01T08:00:00Z',
      '    endsAt: 2026-01-02T08:00:00Z',
      '    reason: Pen test.',
      '    author: bob',
      '# trailing note',
      '',
    ].join('\n');
    const out = addSilenceToText(text, { ...entry, matchers: [entry.matchers[0]!] });
    expect(out.startsWith(text.slice(0, text.indexOf('# trailing')))).toBe(true);
    expect(out).toContain(
      '  - id: chg-1234\n    matchers:\n      - { name: ruleId, value: b2c.keys.policy-key-deleted }\n',
    );
    expect(out).toContain('# trailing note');
  });

  it('follows the indentation of the list, and handles `silences:` with nothing and a flow list', () => {
    const one = { ...entry, matchers: [entry.matchers[0]!], reason: 'r' };
    expect(addSilenceToText('silences:\n- id: a\n  x: 1', one)).toBe(
      'silences:\n- id: a\n  x: 1\n- id: chg-1234\n  matchers:\n    - { name: ruleId, value: b2c.keys.policy-key-deleted }\n' +
        '  startsAt: 2026-01-12T08:00:00.000Z\n  endsAt: 2026-01-12T12:00:00.000Z\n  reason: r\n  author: alex@contoso.com\n',
    );
    expect(addSilenceToText('silences: # none yet\nother: 1\n', one)).toMatch(
      /^silences: # none yet\n {2}- id: chg-1234\n[\s\S]* {4}author: alex@contoso.com\nother: 1\n$/,
    );
    const flow = addSilenceToText('# c\nsilences: [{ id: a, matchers: [{ name: ip, value: x }] }]\n', one);
    expect(flow).toMatch(
      /^# c\nsilences:\n {2}- { id: a, matchers: \[ { name: ip, value: x } \] }\n {2}- id: chg-1234\n/,
    );
  });

  it('creates the list in an empty or comments-only text', () => {
    for (const text of ['', '# just a comment\n']) {
      const out = addSilenceToText(text, entry);
      expect(out).toMatch(/^(# just a comment\n)?silences:\n {2}- id: chg-1234\n/);
    }
  });
});

describe('expireSilenceInText', () => {
  const text = addSilenceToText('# keep me\nsilences: []\n', entry);

  it('sets endsAt to now, and startsAt too for a silence that had not started', () => {
    const during = expireSilenceInText(text, 'chg-1234', Date.parse('2026-01-12T09:00:00Z'));
    expect(during.expired).toBe(true);
    expect(during.text).toContain('# keep me\n');
    expect(during.text).toContain('    startsAt: 2026-01-12T08:00:00.000Z\n    endsAt: 2026-01-12T09:00:00Z\n');
    const before = expireSilenceInText(text, 'chg-1234', Date.parse('2026-01-12T07:00:00Z'));
    expect(before.text).toContain('    startsAt: 2026-01-12T07:00:00Z\n    endsAt: 2026-01-12T07:00:00Z\n');
  });

  it('leaves an expired silence alone and refuses an unknown id', () => {
    expect(expireSilenceInText(text, 'chg-1234', Date.parse('2026-01-13T00:00:00Z'))).toEqual({ text, expired: false });
    expect(() => expireSilenceInText(text, 'nope', 0)).toThrow(SilencesFileError);
    expect(() => expireSilenceInText(text, 'nope', 0)).toThrow(/There is no silence 'nope'/);
  });
});

describe('silences file edits', () => {
  it('adds and expires in place; the file stays loadable and no temporary file is left', async () => {
    const { dir, remove } = await makeRuleDir({ 'silences.yaml': shipped });
    cleanups.push(remove);
    const file = join(dir, 'silences.yaml');
    await addSilenceToFile(file, entry);
    await addSilenceToFile(file, { ...entry, id: 'second' });
    const loaded = await loadSilences(file, { now: Date.parse('2026-01-12T09:00:00Z') });
    expect(loaded.problems).toEqual([]);
    expect(loaded.silences.map((s) => s.id)).toEqual(['chg-1234', 'second']);

    expect(await expireSilenceInFile(file, 'second', Date.parse('2026-01-12T09:00:00Z'))).toEqual({ expired: true });
    const after = await loadSilences(file, { now: Date.parse('2026-01-12T09:30:00Z') });
    expect(after.silences.find((s) => s.id === 'second')?.endsAt).toBe('2026-01-12T09:00:00Z');
    expect(after.warnings.map((w) => w.message)).toEqual([
      "silence 'second' expired at 2026-01-12T09:00:00Z; delete it when convenient",
    ]);
    expect(await readFile(file, 'utf8')).toMatch(/^# Silences: alerts that match/);
    expect(await readdir(dir)).toEqual(['silences.yaml']);
  });

  it('creates a missing file', async () => {
    const { dir, remove } = await makeRuleDir({});
    cleanups.push(remove);
    await addSilenceToFile(join(dir, 'silences.yaml'), entry);
    expect((await loadSilences(join(dir, 'silences.yaml'))).silences).toHaveLength(1);
  });

  it('refuses an edit that would make the file invalid (duplicate id) and leaves it unchanged', async () => {
    const { dir, remove } = await makeRuleDir({ 'silences.yaml': addSilenceToText(shipped, entry) });
    cleanups.push(remove);
    const file = join(dir, 'silences.yaml');
    const before = await readFile(file, 'utf8');
    const error = await addSilenceToFile(file, entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SilencesFileError);
    expect((error as SilencesFileError).code).toBe('RE_ERR_SILENCES_FILE_INVALID');
    expect((error as SilencesFileError).problems.map((p) => [p.file, p.message])).toEqual([
      [file, "duplicate silence id 'chg-1234': also used on line 7; silence ids must be unique"],
    ]);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['silences.yaml']);
  });

  it('refuses to edit a file that is invalid already', async () => {
    const { dir, remove } = await makeRuleDir({ 'silences.yaml': 'silences: [{ id: x }]\n' });
    cleanups.push(remove);
    await expect(addSilenceToFile(join(dir, 'silences.yaml'), entry)).rejects.toThrow(
      /was not changed: it is invalid now; fix it first/,
    );
  });
});
