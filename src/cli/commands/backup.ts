import path from 'node:path';
import { Command } from 'commander';
import { config } from '../../config.ts';
import { describeManifest } from '../../store/backup/backup-manifest.ts';
import { createBackup } from '../../store/backup/create-backup.ts';
import { openBlobStore } from '../../store/open-blob-store.ts';
import { exitTwoOnRefusal } from '../exit-two-on-refusal.ts';
import { startProgress } from '../progress.ts';

export function backupCommand(): Command {
  return new Command('backup')
    .description('write a consistent copy of the store, its originals and glossary versions into DIR, while the service runs')
    .argument('<dir>', 'a new or empty directory')
    .addHelpText(
      'after',
      '\nSQLite stores are copied with SQLite\'s online backup API. For a PostgreSQL store (DATABASE_URL), run\n' +
        'pg_dump into DIR first (see the README); backup then adds the originals, glossary versions and manifest.\n' +
        'DIR/manifest.json lists every file with its size and sha256, and the rows of every table.',
    )
    .action(async (dir: string) => {
      await exitTwoOnRefusal(async () => {
        const c = config();
        const blobs = await openBlobStore(c.blobStore);
        try {
          const target = path.resolve(dir);
          const { manifest, missingBlobs } = await createBackup({
            dir: target,
            dataDir: c.dataDir,
            ...(c.databaseUrl ? { databaseUrl: c.databaseUrl } : {}),
            blobs,
            startProgress: (total) => startProgress(total),
            log: (message) => process.stderr.write(`${message}\n`),
          });
          process.stdout.write(`${target}: ${describeManifest(manifest)}\n`);
          if (missingBlobs.length > 0) {
            process.stderr.write(`termlens: ${missingBlobs.length} originals were missing or damaged in the store and are not in the backup (listed in the manifest)\n`);
            process.exitCode = 1;
          }
        } finally {
          blobs.close();
        }
      });
    });
}
