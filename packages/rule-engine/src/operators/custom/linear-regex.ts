import { RE2JS } from 're2js';
import { RuleCompileError } from '../../errors/rule-compile-error.js';

/**
 * How many characters (UTF-16 code units) of a value a regex reads: the first 8,192. Matching is linear
 * in the text, so this bounds the cost of one test whatever an event carries; a longer value is matched
 * as its first 8,192 characters (so `$` can hold at the cut).
 */
export const regexTextLimit = 8192;

/** A compiled rule or silence regex. */
export interface LinearRegex {
  /** Which engine runs it: always RE2 semantics in linear time, never a backtracking RegExp. */
  readonly engine: 're2';
  readonly pattern: string;
  /** True when the pattern matches within the first `regexTextLimit` characters of `text`. */
  test(text: string): boolean;
}

export interface CompileRegexOptions {
  /** Match the whole value (silences): the pattern is anchored at both ends of the text. */
  whole?: boolean;
}

const flagPrefix = /^\(\?([ims]+)\)/;

// What a backtracking engine offers and RE2 cannot do in linear time, with the reason we give.
const unsupported: ReadonlyArray<{ test: RegExp; why: string }> = [
  { test: /\\[1-9]|\\k</, why: 'uses a backreference, which the linear-time engine (RE2) cannot match' },
  { test: /\(\?<?[=!]/, why: 'uses lookahead or lookbehind, which the linear-time engine (RE2) cannot match' },
];

// JavaScript's `.` without the s flag: anything but a line terminator. RE2's own `.` excludes only \n.
const javaScriptDot = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * A rule's or silence's regex, run by RE2 (the re2js port) in time linear in the text, on its first
 * `regexTextLimit` characters. Syntax is RE2's, unanchored (write ^ and $), case-sensitive unless the
 * pattern starts with an inline flag group: `(?i)` ignore case, `(?m)` multiline, `(?s)` dot matches
 * newlines, combinable as `(?is)`; flags elsewhere are refused, as before. `.` keeps JavaScript's meaning
 * (no \n, \r, U+2028, U+2029 unless `(?s)`). Backreferences and lookaround are refused: no linear-time
 * engine can run them. Throws RuleCompileError with the reason.
 */
export function compileRegex(pattern: string, options: CompileRegexOptions = {}): LinearRegex {
  const prefix = flagPrefix.exec(pattern);
  const flagLetters = new Set(prefix ? prefix[1] : '');
  const source = prefix ? pattern.slice(prefix[0].length) : pattern;
  const flags =
    (flagLetters.has('i') ? RE2JS.CASE_INSENSITIVE : 0) |
    (flagLetters.has('m') ? RE2JS.MULTILINE : 0) |
    (flagLetters.has('s') ? RE2JS.DOTALL : 0);
  const fail = (why: string, cause?: unknown) =>
    new RuleCompileError(`regex '${pattern}' ${why}`, cause === undefined ? undefined : { cause });
  try {
    RE2JS.compile(source, flags);
  } catch (error) {
    const known = unsupported.find((u) => u.test.test(source));
    if (known) throw fail(known.why, error);
    throw fail(`is not valid RE2 syntax: ${syntaxReason(error)}`, error);
  }
  const translated = translate(source, flagLetters.has('s'));
  if (translated === undefined)
    throw fail('sets flags inside the pattern; flags go only at the start: (?i), (?m), (?s)');
  const regex = RE2JS.compile(options.whole ? `\\A(?:${translated})\\z` : translated, flags);
  return {
    engine: 're2',
    pattern,
    test: (text) => regex.test(text.length > regexTextLimit ? text.slice(0, regexTextLimit) : text),
  };
}

function syntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^error parsing regexp: /, '');
}

/**
 * `source` (valid RE2 syntax) with each `.` outside a character class written as JavaScript's dot, or
 * undefined when it sets flags past the start (`(?i)`, `(?i:…)`), which a leading prefix cannot express.
 */
function translate(source: string, dotAll: boolean): string | undefined {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '\\') {
      if (source[i + 1] === 'Q') {
        // \Q…\E quotes literally, so a dot inside stays a dot.
        const end = source.indexOf('\\E', i + 2);
        const stop = end === -1 ? source.length : end + 2;
        out += source.slice(i, stop);
        i = stop;
      } else {
        out += source.slice(i, i + 2);
        i += 2;
      }
    } else if (ch === '[') {
      const end = classEnd(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (ch === '(' && source[i + 1] === '?' && /[imsU-]/.test(source[i + 2] ?? '')) {
      return undefined;
    } else {
      out += ch === '.' && !dotAll ? javaScriptDot : ch;
      i += 1;
    }
  }
  return out;
}

/** The index just past the character class that opens at `start`, read as RE2 reads it. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i += 1;
  if (source[i] === ']') i += 1; // a leading ] is a literal
  while (i < source.length && source[i] !== ']') {
    if (source[i] === '\\') i += 2;
    else if (source.startsWith('[:', i)) {
      const end = source.indexOf(':]', i + 2);
      i = end === -1 ? i + 1 : end + 2;
    } else i += 1;
  }
  return i + 1;
}
