import Table from 'cli-table3';
import { isFailure, type DocumentOutcome } from '../domain/document-result.ts';
import type { Hit } from '../domain/hit.ts';

const CONTEXT_CHARS = 10;

/** The hit in a short stretch of its text, marked 【like this】, line breaks shown as ⏎. */
export function contextSnippet(text: string, hit: Pick<Hit, 'start' | 'end'>): string {
  const chars = [...text];
  const before = chars.slice(Math.max(0, hit.start - CONTEXT_CHARS), hit.start).join('');
  const found = chars.slice(hit.start, hit.end).join('');
  const after = chars.slice(hit.end, hit.end + CONTEXT_CHARS).join('');
  return `${before}【${found}】${after}`.replace(/\r?\n/g, '⏎');
}

/** A human-readable block for one file: a heading line and a table of its hits. */
export function renderOutcome(outcome: DocumentOutcome): string {
  if (isFailure(outcome)) return `${outcome.source.path}: error ${outcome.error.code}: ${outcome.error.message}\n`;
  const ocr = outcome.ocr ? `, OCR confidence ${Math.round(outcome.ocr.meanConfidence)}%` : '';
  const heading = `${outcome.source.path}: ${outcome.script}, ${outcome.hits.length} hit${outcome.hits.length === 1 ? '' : 's'}${ocr}`;
  if (outcome.hits.length === 0) return `${heading}\n`;
  const table = new Table({
    head: ['term', 'english', 'found', 'kind', 'context'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [14, 30, 14, 13, 36],
  });
  for (const hit of outcome.hits) {
    const kind = hit.kind === 'exact' ? 'exact' : `${hit.kind} ${hit.confidence.toFixed(2)}`;
    table.push([hit.term, hit.english, hit.matched.replace(/\r?\n/g, '⏎'), kind, contextSnippet(outcome.text, hit)]);
  }
  return `${heading}\n${table.toString()}\n`;
}
