import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { config } from '../../config.ts';
import { SEARCH_LIMIT_MAX, SEARCH_SCRIPTS, type SearchResult, searchCorpus, searchPatterns, type SearchScript } from '../../pipeline/search-corpus.ts';
import { openStore } from '../../store/open-store.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { exitTwoOnRefusal } from '../exit-two-on-refusal.ts';
import { type OutputFormat, parseOutputFormat } from '../output-format.ts';
import { wrapWide } from '../render-table.ts';

const COLUMN_WIDTHS = [24, 22, 50];
const CELL_PADDING = 2;

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > SEARCH_LIMIT_MAX) throw new InvalidArgumentError(`expected a whole number from 1 to ${SEARCH_LIMIT_MAX}`);
  return n;
}

/**
 * `termlens search QUERY`: every occurrence of the query in the stored documents, folded as the
 * tagger folds text (either script, through OCR spaces and line breaks). A bad query (empty, too
 * long) or an unknown batch is a usage error: exit code 2, one line on stderr.
 */
export function searchCommand(): Command {
  return new Command('search')
    .description('find a word or phrase in every stored document (either script; the query is text, not syntax)')
    .argument('<query>', 'what to find: 1 to 200 characters, searched for as written')
    .option('-b, --batch <batch>', 'only documents of this batch (id or name)')
    .addOption(new Option('-s, --script <script>', 'only documents in this script').choices(SEARCH_SCRIPTS))
    .addOption(new Option('-n, --limit <n>', 'at most this many occurrences').default(100).argParser(parseLimit))
    .addOption(new Option('-f, --format <format>', 'table or jsonl (one object per occurrence)').default('table').argParser(parseOutputFormat))
    .option('--fuzzy', 'also find the query with one character misread as a known lookalike (4+ characters)')
    .option('--cursor <cursor>', 'start after the last occurrence of an earlier page (the cursor its summary line gave)')
    .action(async (query: string, opts: { batch?: string; script?: SearchScript; limit: number; format: OutputFormat; fuzzy?: boolean; cursor?: string }) => {
      await exitTwoOnRefusal(async () => {
        searchPatterns(query, opts.fuzzy); // refuses a bad query before the store is opened
        const store = await openStore(config());
        try {
          const batchId = opts.batch === undefined ? undefined : (await resolveBatch(store, opts.batch)).id;
          const page = await searchCorpus(store, { query, batchId, script: opts.script, limit: opts.limit, fuzzy: opts.fuzzy, cursor: opts.cursor });
          if (opts.format === 'jsonl') {
            for (const result of page.results) process.stdout.write(`${JSON.stringify(result)}\n`);
          } else if (page.results.length > 0) {
            process.stdout.write(`${renderResults(page.results)}\n`);
          }
          const documents = new Set(page.results.map((r) => r.sha256)).size;
          // The next page is the same command with --cursor; documents added meanwhile come at the end.
          const more = page.nextCursor ? `; more: --cursor ${page.nextCursor}` : '';
          process.stderr.write(`${page.results.length} occurrence${page.results.length === 1 ? '' : 's'} in ${documents} document${documents === 1 ? '' : 's'}${more}\n`);
        } finally {
          await store.close();
        }
      });
    });
}

function renderResults(results: readonly SearchResult[]): string {
  const table = new Table({ head: ['document', 'matched', 'context'], style: { head: [], border: [] }, wordWrap: true, colWidths: COLUMN_WIDTHS });
  const wide = (text: string, column: number) => wrapWide(text, COLUMN_WIDTHS[column]! - CELL_PADDING);
  for (const r of results) {
    table.push([wide(r.path, 0), wide(`${r.matched.replace(/\r?\n/g, '⏎')}${r.fuzzy ? ' (fuzzy)' : ''}`, 1), wide(r.snippet, 2)]);
  }
  return table.toString();
}
