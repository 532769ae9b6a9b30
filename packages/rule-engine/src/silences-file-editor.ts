import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { SilencesFileError } from './errors/silences-file-error.js';
import { loadSilences } from './load-silences.js';
import type { RuleProblem } from './rule-problem.js';
import type { SilenceEntry } from './silences-file-schema.js';

/**
 * Adds `entry` at the end of the `silences:` list of a silences.yaml text, keeping every comment and
 * the layout of the other entries (matchers are written as flow mappings, one per line).
 */
export function addSilenceToText(text: string, entry: SilenceEntry): string {
  const doc = parseOrThrow(text);
  let list = doc.get('silences', true);
  if (!isSeq(list)) {
    list = doc.createNode([]);
    doc.set('silences', list);
  }
  if (!isSeq(list)) throw new Error('unreachable: createNode([]) is a sequence');
  list.flow = false;
  const node = doc.createNode(entryObject(entry));
  const matchers = node.get('matchers', true);
  if (isSeq(matchers)) for (const m of matchers.items) if (isMap(m)) m.flow = true;
  list.items.push(node);
  return doc.toString();
}

/**
 * Ends silence `id` at `now` (as `amtool silence expire` does): endsAt becomes now, and a silence that
 * had not started yet gets startsAt now too. `expired` is false when it had already ended (no change).
 */
export function expireSilenceInText(text: string, id: string, now: number): { text: string; expired: boolean } {
  const doc = parseOrThrow(text);
  const list = doc.get('silences', true);
  const item = isSeq(list) ? list.items.find((i) => isMap(i) && scalarText(i.get('id', true)) === id) : undefined;
  if (!isMap(item)) throw new SilencesFileError('RE_ERR_SILENCE_NOT_FOUND', `There is no silence '${id}'; b2c-alerts silences list --all shows their ids.`);
  const endsAt = Date.parse(scalarText(item.get('endsAt', true)) ?? '');
  if (endsAt <= now) return { text, expired: false };
  const iso = new Date(now).toISOString();
  if (Date.parse(scalarText(item.get('startsAt', true)) ?? '') > now) item.set('startsAt', iso);
  item.set('endsAt', iso);
  return { text: doc.toString(), expired: true };
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
    throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', `The silences file is not valid YAML (${doc.errors[0]!.message}); fix it first.`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', 'The silences file must be a mapping with a silences: list; fix it first.');
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
    throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path and its permissions.`);
  }
}

async function checkValid(file: string, text: string, what: string): Promise<void> {
  const problems = await problemsOf(file, text);
  if (problems.length > 0) throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', `${file} was not changed: ${what}.`, problems);
}

/** Writes next to the file, checks the written text with loadSilences, then renames it over the file. */
async function replaceValidated(file: string, text: string): Promise<void> {
  const tmp = tempName(file);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    const problems = (await loadSilences(tmp)).problems.map((p) => ({ ...p, file }));
    if (problems.length > 0) throw new SilencesFileError('RE_ERR_SILENCES_FILE_INVALID', `${file} was not changed: the edit would make it invalid.`, problems);
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
