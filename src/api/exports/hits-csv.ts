import { csvRow } from '../../util/csv-row.ts';
import { reopenedReasonShown } from '../../store/repositories/hit-queue.ts';
import type { ExportedHit } from './queued-hits.ts';

export const HITS_CSV_HEADER = [
  'hit_id', 'sha256', 'glossary_version', 'entry_id', 'term', 'english', 'category', 'matched', 'start', 'end', 'kind',
  'confidence', 'x', 'y', 'w', 'h', 'review_status', 'revision', 'decision', 'decided_by', 'decided_at', 'note',
  'corrected_entry_id', 'corrected_term', 'corrected_start', 'corrected_end', 'corrected_matched', 'corrected_reading',
  'reopened_reason',
  // Last, so the columns before keep their places: for a hit on a PDF page, the page and the PDF.
  'page', 'pdf_sha256',
] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** One row per selected hit with its latest decision; cells guarded against spreadsheet formulas. */
export async function* hitsCsv(hits: AsyncIterable<ExportedHit>): AsyncGenerator<string> {
  yield csvRow([...HITS_CSV_HEADER]);
  for await (const { hit, decision, page } of hits) {
    const c = decision?.corrected ?? {};
    yield csvRow([
      hit.id, hit.sha256, hit.glossaryVersion, hit.entryId, hit.term, hit.english, hit.category, hit.matched, hit.start, hit.end,
      hit.kind, hit.confidence, hit.bbox?.x, hit.bbox?.y, hit.bbox?.w, hit.bbox?.h, hit.reviewStatus, hit.revision,
      decision?.decision, decision?.author, decision?.createdAt, decision?.note,
      str(c.entryId), str(c.term), num(c.start), num(c.end), str(c.matched), str(c.reading),
      reopenedReasonShown(hit),
      page?.number, page?.pdfSha256,
    ]);
  }
}
