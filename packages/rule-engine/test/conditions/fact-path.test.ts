import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileFactPath, isFactPath } from '../../src/conditions/fact-path.js';
import { toEngineFact } from '../../src/conditions/engine-fact.js';

// json-rules-engine's default path resolver, from json-rules-engine's own dependency tree.
const requireFromEngine = createRequire(createRequire(import.meta.url).resolve('json-rules-engine'));
const { JSONPath } = requireFromEngine('jsonpath-plus') as {
  JSONPath: (options: { path: string; json: unknown; wrap: boolean }) => unknown;
};
const jsonpathPlus = (json: unknown, path: string): unknown => JSONPath({ path, json, wrap: false });

// Facts are JSON data (normalize's output): plain or null-prototype objects, arrays and primitives.
// An object with a custom prototype would differ (its inherited keys are read), so none is used here.
const withArrayPrototype = Object.assign([1, 2], { own: 2 });
const nullPrototype = Object.assign(Object.create(null) as object, { PolicyId: 'B2C_1A_x', __proto__: 'weird' });

const documents: unknown[] = [
  { a: { b: 1 } },
  { a: { b: null } },
  { a: null },
  { a: 'str' },
  { a: '' },
  { a: [1, [2, 3]] },
  { a: [{ b: 'x' }, { b: 'y' }] },
  [{ b: 1 }, { b: [4, 5] }],
  { a: { 0: 'zero', '007': 'bond', length: 9 } },
  { a: { b: [] } },
  { a: { b: {} } },
  { a: true },
  { a: 5 },
  { a: { b: { c: { d: 'deep' } } } },
  { a: withArrayPrototype },
  { a: nullPrototype },
  { modified: [{ name: 'DisplayName', old: 'a', new: 'b' }] },
  { a: { 'b-c': 1, b_c: 2, '1abc': 3 } },
  { a: [null] },
  { a: { b: Number.NaN } },
  { a: { b: 0 } },
  { a: { b: false } },
  { a: { b: '' } },
  { a: 0 },
  { a: false },
  [''],
  [0, 'x'],
];
const paths = [
  '$',
  '$.a',
  '$.a.b',
  '$.a.c',
  '$.a.b.c',
  '$.a.b.c.d',
  '$.a[0]',
  '$.a[1]',
  '$.a[1][0]',
  '$.a[5]',
  '$.a[0].b',
  '$.a[1].b',
  '$[0]',
  '$[0].b',
  '$[1].b[1]',
  '$.a.length',
  '$.a[0].length',
  '$.a.0',
  '$.a[007]',
  '$.a.007',
  '$.a.toString',
  '$.a.constructor',
  '$.a.inherited',
  '$.a.own',
  '$.a.PolicyId',
  '$.a.__proto__',
  '$.modified[0].name',
  '$.modified[0].new',
  '$.a.b-c',
  '$.a.b_c',
  '$.a.1abc',
  '$.a.b.length',
  '$[0].length',
  '$[1][0]',
  '$.a.map',
  '$.a.toUpperCase',
  '$.a.toFixed',
  '$.a.valueOf',
  '$.a.hasOwnProperty',
  '$.a.b.at',
];

describe('compileFactPath', () => {
  it('gives jsonpath-plus results (json-rules-engine default resolver) on every supported form', () => {
    for (const document of documents) {
      for (const path of paths) {
        expect(isFactPath(path)).toBe(true);
        const ours = compileFactPath(path)(document);
        const theirs = jsonpathPlus(document, path);
        expect({ path, document, value: ours }).toEqual({ path, document, value: theirs });
        if (theirs !== null && typeof theirs === 'object') expect(ours).toBe(theirs); // same object, not a copy
      }
    }
  });

  it('reads strings as jsonpath-plus does, and nothing inherited', () => {
    expect(compileFactPath('$.a.length')({ a: 'abc' })).toBe(3);
    expect(compileFactPath('$.a[1]')({ a: 'abc' })).toBe('b');
    expect(compileFactPath('$.a.toString')({ a: {} })).toBeUndefined();
    expect(compileFactPath('$.a.b')({ a: { b: false } })).toBe(false);
  });

  it('rejects paths outside the subset instead of guessing', () => {
    for (const path of [
      'a.b',
      '$..a',
      '$.a.*',
      "$['a']",
      '$.a[-1]',
      '$.a[0:2]',
      '$.a[?(@.b)]',
      '$.',
      '$a',
      '$.a.',
      '$.a[0',
      '$.-a',
    ]) {
      expect(isFactPath(path)).toBe(false);
      expect(() => compileFactPath(path)).toThrow(/Unsupported path/);
    }
  });
});

describe('toEngineFact', () => {
  it('turns a dotted fact into fact + path and continues the rule path from there', () => {
    expect(toEngineFact('activity')).toEqual({ fact: 'activity' });
    expect(toEngineFact('targets', '$[0].id')).toEqual({ fact: 'targets', path: '$[0].id' });
    expect(toEngineFact('actor.upn')).toEqual({ fact: 'actor', path: '$.upn' });
    expect(toEngineFact('details.PolicyId', '$.length')).toEqual({ fact: 'details', path: '$.PolicyId.length' });
    expect(toEngineFact('target.displayName', '$[0]')).toEqual({ fact: 'target', path: '$.displayName[0]' });
    expect(toEngineFact('actor.upn', '')).toEqual({ fact: 'actor', path: '$.upn' });
  });
});
