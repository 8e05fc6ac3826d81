import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { describeChange, diffGlossaries, type GlossaryDiff } from '../../glossary/interchange/glossary-diff.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { readSnapshot, resolveVersion } from '../../glossary/interchange/version-store.ts';

export function glossaryDiffCommand(): Command {
  return new Command('diff')
    .description('list the entries and fields that changed between two glossary versions')
    .argument('[from]', 'version (a unique prefix), "previous" or "current"', 'previous')
    .argument('[to]', 'version (a unique prefix), "previous" or "current"', 'current')
    .option('-g, --glossary <dir>', 'glossary directory whose version is "current"', config().glossaryDir)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nVersions are recorded under DATA_DIR/glossary-versions whenever a glossary command loads a\nglossary it has not seen; "previous" is the one recorded before the current one.',
    )
    .action(async (from: string, to: string, opts: { glossary: string; format: string }) => {
      const { dataDir } = config();
      const current = await loadRecordedGlossary(opts.glossary, config().dataDir);
      const a = await resolveVersion(dataDir, from, current.version);
      const b = await resolveVersion(dataDir, to, current.version);
      const diff = diffGlossaries((await readSnapshot(dataDir, a)).entries, (await readSnapshot(dataDir, b)).entries);
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify({ from: a, to: b, ...diff })}\n`);
        return;
      }
      process.stdout.write(diffText(a, b, diff));
    });
}

function diffText(from: string, to: string, diff: GlossaryDiff): string {
  const lines = [`glossary ${from.slice(0, 12)} → ${to.slice(0, 12)}`];
  for (const entry of diff.added) lines.push(`+ ${entry.id}  ${String(entry.term)}`);
  for (const entry of diff.removed) lines.push(`- ${entry.id}  ${String(entry.term)}`);
  for (const change of diff.changed) {
    lines.push(`~ ${change.id}  ${String(change.after.term)}`);
    for (const field of change.fields) lines.push(`    ${describeChange(field)}`);
  }
  lines.push(`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`);
  return `${lines.join('\n')}\n`;
}
