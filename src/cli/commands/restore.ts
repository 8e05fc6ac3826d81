import path from 'node:path';
import { Command } from 'commander';
import { config } from '../../config.ts';
import { describeManifest } from '../../store/backup/backup-manifest.ts';
import { restoreBackup } from '../../store/backup/restore-backup.ts';
import { openBlobStore } from '../../store/open-blob-store.ts';
import { exitTwoOnRefusal } from '../exit-two-on-refusal.ts';
import { startProgress } from '../progress.ts';

export function restoreCommand(): Command {
  return new Command('restore')
    .description('bring back a backup made by `termlens backup` into an empty or new data directory')
    .argument('<dir>', 'the backup directory')
    .option('--force', 'replace the store that is there (stop the service and workers first)', false)
    .action(async (dir: string, opts: { force: boolean }) => {
      await exitTwoOnRefusal(async () => {
        const c = config();
        const source = path.resolve(dir);
        const manifest = await restoreBackup({
          dir: source,
          dataDir: c.dataDir,
          ...(c.databaseUrl ? { databaseUrl: c.databaseUrl } : {}),
          blobSettings: c.blobStore,
          openBlobs: () => openBlobStore(c.blobStore),
          force: opts.force,
          startProgress: (total) => startProgress(total),
          log: (message) => process.stderr.write(`${message}\n`),
        });
        process.stdout.write(`restored into ${c.dataDir}: ${describeManifest(manifest)}\n`);
      });
    });
}
