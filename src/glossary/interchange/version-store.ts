import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Glossary } from '../../domain/glossary.ts';
import { InputError } from '../../errors.ts';
import { normaliseEntries, versionOfNormalised, type NormalisedEntry } from '../glossary-version.ts';
import { writeFileAtomic } from './atomic-write.ts';

/**
 * Snapshots of every glossary version a command has loaded, so that `glossary diff` can say what
 * changed between two of them: DATA_DIR/glossary-versions/<version>.json holds the normalised
 * entries (the very data the version hashes, so a snapshot proves itself), and history.jsonl
 * the order in which versions were first seen, which is what "previous" means.
 */
const FORMAT = 'termlens-glossary-snapshot-v1';
const VERSION = /^[0-9a-f]{64}$/;

const SnapshotSchema = z.object({
  format: z.literal(FORMAT),
  version: z.string().regex(VERSION),
  recordedAt: z.string(),
  entries: z.array(z.record(z.string(), z.unknown()).and(z.object({ id: z.string() }))),
});
export type GlossarySnapshot = { format: typeof FORMAT; version: string; recordedAt: string; entries: NormalisedEntry[] };

const HistoryLineSchema = z.object({ version: z.string().regex(VERSION), at: z.string() });
export type HistoryLine = z.infer<typeof HistoryLineSchema>;

export function versionsDir(dataDir: string): string {
  return path.join(dataDir, 'glossary-versions');
}

/** Keeps a snapshot of the glossary's version, if it is new, and notes it in the history when it differs from the last one. */
export async function recordGlossaryVersion(glossary: Pick<Glossary, 'entries' | 'version'>, dataDir: string, now = new Date()): Promise<{ isNew: boolean }> {
  const dir = versionsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${glossary.version}.json`);
  let isNew = false;
  if (!(await exists(file))) {
    const entries = normaliseEntries(glossary.entries);
    if (versionOfNormalised(entries) !== glossary.version) throw new Error('glossary version does not match its entries');
    const snapshot: GlossarySnapshot = { format: FORMAT, version: glossary.version, recordedAt: now.toISOString(), entries };
    await writeFileAtomic(file, `${JSON.stringify(snapshot, null, 1)}\n`);
    isNew = true;
  }
  const history = await readHistory(dataDir);
  if (history.at(-1)?.version !== glossary.version) {
    // One short line per append: O_APPEND writes of it do not interleave between processes.
    await appendFile(path.join(dir, 'history.jsonl'), `${JSON.stringify({ version: glossary.version, at: now.toISOString() })}\n`, 'utf8');
  }
  return { isNew };
}

export async function readHistory(dataDir: string): Promise<HistoryLine[]> {
  let text: string;
  try {
    text = await readFile(path.join(versionsDir(dataDir), 'history.jsonl'), 'utf8');
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const lines: HistoryLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // A line cut short by a crash is skipped rather than making every later diff fail.
    try {
      const parsed = HistoryLineSchema.safeParse(JSON.parse(line));
      if (parsed.success && lines.at(-1)?.version !== parsed.data.version) lines.push(parsed.data);
    } catch {
      // not JSON: the line a crash cut short
    }
  }
  return lines;
}

export async function listSnapshotVersions(dataDir: string): Promise<string[]> {
  try {
    const names = await readdir(versionsDir(dataDir));
    return names
      .filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
      .map((n) => n.slice(0, 64))
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

export async function readSnapshot(dataDir: string, version: string): Promise<GlossarySnapshot> {
  const file = path.join(versionsDir(dataDir), `${version}.json`);
  const parsed = SnapshotSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success || parsed.data.version !== version) throw new InputError('GLOSSARY_SNAPSHOT_INVALID', `${file} is not a glossary snapshot of version ${version}`);
  const snapshot = parsed.data as GlossarySnapshot;
  if (versionOfNormalised(snapshot.entries) !== version) {
    throw new InputError('GLOSSARY_SNAPSHOT_INVALID', `${file} was altered: its entries do not hash to ${version}`);
  }
  return snapshot;
}

/**
 * A version named by a unique prefix (at least 4 hex digits), or by "current" (the version
 * loaded now) or "previous" (the last version before it in the history).
 */
export async function resolveVersion(dataDir: string, ref: string, current: string): Promise<string> {
  const wanted = ref.trim().toLowerCase();
  if (wanted === 'current') return current;
  if (wanted === 'previous') {
    const previous = previousVersion(await readHistory(dataDir), current);
    if (previous === undefined) throw new InputError('GLOSSARY_NO_PREVIOUS', `no earlier glossary version recorded under ${versionsDir(dataDir)}`);
    return previous;
  }
  if (!/^[0-9a-f]{4,64}$/.test(wanted)) throw new InputError('GLOSSARY_VERSION_INVALID', `"${ref}" is not a glossary version (4 to 64 hex digits, current or previous)`);
  const matches = (await listSnapshotVersions(dataDir)).filter((v) => v.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new InputError('GLOSSARY_VERSION_UNKNOWN', `no recorded glossary version starts with "${ref}" (see termlens glossary versions)`);
  throw new InputError('GLOSSARY_VERSION_AMBIGUOUS', `"${ref}" is the start of ${matches.length} versions: ${matches.map((m) => m.slice(0, 12)).join(', ')}`);
}

/** The version seen last before the current one took over. */
export function previousVersion(history: readonly HistoryLine[], current: string): string | undefined {
  let i = history.length - 1;
  while (i >= 0 && history[i]!.version === current) i -= 1;
  return history[i]?.version;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT';
}
