import { Command } from 'commander';
import { config } from '../../config.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { readHistory } from '../../glossary/interchange/version-store.ts';

export function glossaryVersionsCommand(): Command {
  return new Command('versions')
    .description('list the glossary versions recorded so far, oldest first')
    .option('-g, --glossary <dir>', 'glossary directory whose version is marked current', config().glossaryDir)
    .action(async (opts: { glossary: string }) => {
      const current = await loadRecordedGlossary(opts.glossary, config().dataDir);
      for (const { version, at } of await readHistory(config().dataDir)) {
        process.stdout.write(`${version.slice(0, 12)}  ${at}${version === current.version ? '  (current)' : ''}\n`);
      }
    });
}
