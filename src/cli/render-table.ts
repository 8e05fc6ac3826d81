import Table from 'cli-table3';
import { isFailure, type DocumentOutcome } from '../domain/document-result.ts';
import type { Hit } from '../domain/hit.ts';

const CONTEXT_CHARS = 10;
const COLUMN_WIDTHS = [14, 30, 14, 13, 36];
/** cli-table3 pads each cell by one column on either side. */
const CELL_PADDING = 2;

/** Display columns of a code point: CJK characters, full-width forms and 【】 take two. */
const WIDE = /[\p{Script=Han}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/**
 * Breaks Chinese text into lines of at most `width` columns. cli-table3 wraps only at spaces
 * and cuts a longer "word" short with "…", and Chinese has no spaces: a term such as
 * 警侨联动服务中心 would show as 警侨联动服… and the hit in its context would be cut off.
 */
export function wrapWide(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (used + w > width && line !== '') {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += w;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The hit in a short stretch of its text, marked 【like this】, line breaks shown as ⏎. */
export function contextSnippet(text: string, hit: Pick<Hit, 'start' | 'end'>): string {
  const chars = [...text];
  const before = chars.slice(Math.max(0, hit.start - CONTEXT_CHARS), hit.start).join('');
  const found = chars.slice(hit.start, hit.end).join('');
  const after = chars.slice(hit.end, hit.end + CONTEXT_CHARS).join('');
  return `${before}【${found}】${after}`.replace(/\r?\n/g, '⏎');
}

/** "report.pdf page 3/12" for a page, "notes.docx section 2/4" for a section, the path alone for a file. */
function unitLabel(source: { path: string; page?: number | undefined; pageCount?: number | undefined; section?: number | undefined; sectionCount?: number | undefined }): string {
  if (source.page !== undefined) return `${source.path} page ${source.page}/${source.pageCount ?? '?'}`;
  if (source.section !== undefined) return `${source.path} section ${source.section}/${source.sectionCount ?? '?'}`;
  return source.path;
}

/** Where a page's text came from, for its heading: "text layer", "text layer + 2 images", "OCR of the rendered page". */
function regionsLabel(outcome: Extract<DocumentOutcome, { text: string }>): string {
  if (outcome.source.page === undefined || !outcome.regions) return '';
  const kinds = outcome.regions.map((r) => r.kind);
  if (kinds.includes('rendered-page')) return ', OCR of the rendered page';
  const images = kinds.filter((k) => k === 'image').length;
  const parts = [...(kinds.includes('text-layer') ? ['text layer'] : []), ...(images > 0 ? [`${images} image${images === 1 ? '' : 's'} OCR'd`] : [])];
  return parts.length > 0 ? `, ${parts.join(' + ')}` : ', empty page';
}

/** A human-readable block for one file: a heading line and a table of its hits. */
export function renderOutcome(outcome: DocumentOutcome): string {
  if (isFailure(outcome)) return `${unitLabel(outcome.source)}: error ${outcome.error.code}: ${outcome.error.message}\n`;
  const ocr = outcome.ocr ? `, OCR confidence ${Math.round(outcome.ocr.meanConfidence)}%` : '';
  const warnings = outcome.warnings?.length ? `\n${outcome.warnings.map((w) => `  warning ${w.code}: ${w.message}`).join('\n')}` : '';
  // `possible` hits are no claims: counted apart, so that the hit count still says what was found.
  const possible = outcome.hits.filter((h) => h.kind === 'possible').length;
  const found = outcome.hits.length - possible;
  const heading = `${unitLabel(outcome.source)}: ${outcome.script}, ${found} hit${found === 1 ? '' : 's'}${possible ? `, ${possible} possible` : ''}${ocr}${regionsLabel(outcome)}${warnings}`;
  if (outcome.hits.length === 0) return `${heading}\n`;
  const table = new Table({
    head: ['term', 'english', 'found', 'kind', 'context'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: COLUMN_WIDTHS,
  });
  for (const hit of outcome.hits) {
    const kind = hit.kind === 'exact' ? 'exact' : `${hit.kind} ${hit.confidence.toFixed(2)}`;
    const wide = (text: string, column: number) => wrapWide(text, COLUMN_WIDTHS[column]! - CELL_PADDING);
    table.push([
      wide(hit.term, 0),
      hit.english,
      wide(hit.matched.replace(/\r?\n/g, '⏎'), 2),
      kind,
      wide(contextSnippet(outcome.text, hit), 4),
    ]);
  }
  return `${heading}\n${table.toString()}\n`;
}
