import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Document, isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { SilencesFileError } from '../errors/silences-file-error.js';
import { loadSilences } from './load-silences.js';
import type { RuleProblem } from '../parsing/rule-problem.js';
import type { SilenceEntry } from './silences-file-schema.js';

/**
 * Adds `entry` at the end of the `silences:` list of a silences.yaml text. The edit is made in the
 * text itself, so every other byte (comments, quoting, flow or block style of other entries) stays as
 * it was; matchers are written as flow mappings, one per line.
 */
export function addSilenceToText(text: string, entry: SilenceEntry): string {
  const doc = parseOrThrow(text);
  const root = doc.contents;
  const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'silences') : undefined;
  const value = pair?.value;
  if (isSeq(value) && !value.flow && value.items.length > 0 && value.range) {
    const last = value.items[value.items.length - 1] as { range?: [number, number, number] } | undefined;
    const at = last?.range?.[1] ?? value.range[1];
    const indent = value.range[0] - (text.lastIndexOf('\n', value.range[0] - 1) + 1);
    const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
    return `${text.slice(0, at)}${lead}${renderEntry(entry, indent)}${text.slice(at)}`;
  }
  if (
    pair &&
    (value === null || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0)) &&
    hasRange(value)
  ) {
    // `silences:`, `silences: ~` or `silences: []`: the empty value becomes the block list.
    // The value is taken out and the list starts on the next line, after any comment on the key's line.
    const [from, to] = value.range;
    const rest = text.slice(to);
    const lineEnd = rest.indexOf('\n');
    const line = `${text.slice(0, from)}${lineEnd < 0 ? rest : rest.slice(0, lineEnd)}`.replace(/[ \t]+$/, '');
    return `${line}\n${renderEntry(entry, 2)}${lineEnd < 0 ? '' : rest.slice(lineEnd + 1)}`;
  }
  if (!pair) {
    const lead = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${lead}silences:\n${renderEntry(entry, 2)}`;
  }
  // A non-empty flow list: rewritten through the document (comments are kept, the list's layout is not).
  if (!isSeq(value))
    throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', 'silences: must be a list; fix the file first.');
  value.flow = false;
  const node = doc.createNode(entryObject(entry));
  const matchers = node.get('matchers', true);
  if (isSeq(matchers)) for (const m of matchers.items) if (isMap(m)) m.flow = true;
  value.items.push(node);
  return doc.toString();
}

/**
 * Ends silence `id` at `now` (as `amtool silence expire` does): endsAt becomes now, and a silence that
 * had not started yet gets startsAt now too. Only those values change in the text. `expired` is false
 * when it had already ended (no change).
 */
export function expireSilenceInText(text: string, id: string, now: number): { text: string; expired: boolean } {
  const doc = parseOrThrow(text);
  const list = doc.get('silences', true);
  const item = isSeq(list) ? list.items.find((i) => isMap(i) && scalarText(i.get('id', true)) === id) : undefined;
  if (!isMap(item))
    throw new SilencesFileError(
      'RE_ERR_SILENCE_NOT_FOUND',
      `There is no silence '${id}'; b2c-alerts silences list --all shows their ids.`,
    );
  const endsAt = item.get('endsAt', true);
  const startsAt = item.get('startsAt', true);
  if (Date.parse(scalarText(endsAt) ?? '') <= now) return { text, expired: false };
  const iso = new Date(now).toISOString().replace('.000Z', 'Z');
  const edits = [endsAt, Date.parse(scalarText(startsAt) ?? '') > now ? startsAt : undefined]
    .filter((node): node is Scalar & { range: [number, number, number] } => isScalar(node) && hasRange(node))
    .sort((a, b) => b.range[0] - a.range[0]);
  let out = text;
  for (const node of edits) out = `${out.slice(0, node.range[0])}${iso}${out.slice(node.range[1])}`;
  return { text: out, expired: true };
}

/** One list item, indented by `indent` spaces, ending with a newline. */
function renderEntry(entry: SilenceEntry, indent: number): string {
  const doc = new Document([entryObject(entry)]);
  const list = doc.contents;
  if (isSeq(list)) {
    for (const item of list.items) {
      const matchers = isMap(item) ? item.get('matchers', true) : undefined;
      if (isSeq(matchers)) for (const m of matchers.items) if (isMap(m)) m.flow = true;
    }
  }
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : `${pad}${line}`))
    .join('\n');
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** addSilenceToText on a file (created when missing); the result is validated before it replaces the file. */
export async function addSilenceToFile(file: string, entry: SilenceEntry): Promise<void> {
  const text = await readExisting(file);
  await checkValid(file, text, 'it is invalid now; fix it first');
  await replaceValidated(file, addSilenceToText(text, entry));
}

/** expireSilenceInText on a file; the result is validated before it replaces the file. */
export async function expireSilenceInFile(file: string, id: string, now: number): Promise<{ expired: boolean }> {
  const text = await readExisting(file);
  await checkValid(file, text, 'it is invalid now; fix it first');
  const result = expireSilenceInText(text, id, now);
  if (result.expired) await replaceValidated(file, result.text);
  return { expired: result.expired };
}

function entryObject(entry: SilenceEntry): Record<string, unknown> {
  return {
    id: entry.id,
    matchers: entry.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      ...(m.isRegex === undefined ? {} : { isRegex: m.isRegex }),
      ...(m.isEqual === undefined ? {} : { isEqual: m.isEqual }),
    })),
    startsAt: entry.startsAt,
    endsAt: entry.endsAt,
    reason: entry.reason,
    author: entry.author,
  };
}

function parseOrThrow(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new SilencesFileError(
      'RE_ERR_SILENCES_FILE_INVALID',
      `The silences file is not valid YAML (${doc.errors[0]!.message}); fix it first.`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new SilencesFileError(
      'RE_ERR_SILENCES_FILE_INVALID',
      'The silences file must be a mapping with a silences: list; fix it first.',
    );
  }
  return doc;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

async function readExisting(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new SilencesFileError(
      'RE_ERR_SILENCES_FILE_INVALID',
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path and its permissions.`,
    );
  }
}

async function checkValid(file: string, text: string, what: string): Promise<void> {
  const problems = await problemsOf(file, text);
  if (problems.length > 0)
    throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', `${file} was not changed: ${what}.`, problems);
}

/** Writes next to the file, checks the written text with loadSilences, then renames it over the file. */
async function replaceValidated(file: string, text: string): Promise<void> {
  const tmp = tempName(file);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    const problems = (await loadSilences(tmp)).problems.map((p) => ({ ...p, file }));
    if (problems.length > 0)
      throw new SilencesFileError(
        'RE_ERR_SILENCES_FILE_INVALID',
        `${file} was not changed: the edit would make it invalid.`,
        problems,
      );
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function problemsOf(file: string, text: string): Promise<RuleProblem[]> {
  if (text.trim() === '') return [];
  const tmp = tempName(file);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    return (await loadSilences(tmp)).problems.map((p) => ({ ...p, file }));
  } finally {
    await rm(tmp, { force: true });
  }
}

function tempName(file: string): string {
  return `${file}.${randomBytes(4).toString('hex')}.tmp`;
}
