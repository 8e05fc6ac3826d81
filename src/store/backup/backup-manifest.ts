import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.ts';

/**
 * What a backup directory holds, written last (manifest.json) so that a backup cut short has
 * none and is never taken for a whole one: every file with its size and sha256, so a restore
 * checks each byte before it writes anything, and the row counts of every table, so a person
 * can see what is in it before restoring.
 */
export const BACKUP_FORMAT = 'termlens-backup-v1';
export const MANIFEST_FILE = 'manifest.json';

export const BackupFileSchema = z.object({
  /** Relative to the backup directory, with forward slashes. */
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const BackupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  /**
   * sqlite: the database is `database` (a file in this directory). postgres: the database is
   * not in the backup; it is the pg_dump made beside it (`recipe` says how).
   */
  database: z.discriminatedUnion('backend', [
    z.object({ backend: z.literal('sqlite'), file: z.string() }),
    z.object({ backend: z.literal('postgres'), recipe: z.string() }),
  ]),
  /** Rows per table when the backup was taken (for postgres: of the live database then). */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  blobs: z.number().int().nonnegative(),
  glossaryVersions: z.number().int().nonnegative(),
  files: z.array(BackupFileSchema),
  /** Originals the rows point at that were missing or damaged in the store when it was backed up. */
  missingBlobs: z.array(z.string()).optional(),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The manifest of a backup directory; a directory without one, or with a damaged one, is no backup. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') {
      throw new InputError('BACKUP_NOT_FOUND', `${dir} is not a termlens backup: it has no ${MANIFEST_FILE} (a backup cut short has none)`);
    }
    throw new InputError('BACKUP_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('BACKUP_MANIFEST_INVALID', `${file} is not JSON`);
  }
  const parsed = BackupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('BACKUP_MANIFEST_INVALID', `${file} is not a ${BACKUP_FORMAT} manifest (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  for (const entry of parsed.data.files) {
    // A manifest names files inside its directory only: never ../ or absolute paths.
    if (path.isAbsolute(entry.path) || entry.path.split('/').some((part) => part === '..' || part === '')) {
      throw new InputError('BACKUP_MANIFEST_INVALID', `${file} names a file outside the backup: ${JSON.stringify(entry.path)}`);
    }
  }
  return parsed.data;
}

/** One line per table and the totals, for the person about to restore. */
export function describeManifest(manifest: BackupManifest): string {
  const tables = Object.entries(manifest.tables)
    .map(([name, rows]) => `${name} ${rows}`)
    .join(', ');
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  return (
    `backup of ${manifest.createdAt} (${manifest.database.backend}): ${manifest.files.length} files, ${bytes} bytes; ` +
    `${manifest.blobs} originals, ${manifest.glossaryVersions} glossary versions; rows: ${tables || 'none'}`
  );
}
