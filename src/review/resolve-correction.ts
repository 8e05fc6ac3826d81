import { unionBoxes } from '../domain/geometry.ts';
import type { GlossaryEntry } from '../domain/glossary.ts';
import type { Store, StoredHit } from '../store/store.ts';
import type { Correction } from './decision.ts';
import { ReviewRefusal } from './review-refusal.ts';

export type CorrectionDeps = {
  store: Pick<Store, 'getLatestAnalysis' | 'getOcrResult'>;
  /** The current glossary's entry with this id. */
  entry: (id: string) => GlossaryEntry | undefined;
};

/**
 * What a correction changes, resolved against the glossary and the evidence: a new entry brings
 * its term and English (it must be an entry of the glossary); a new span brings the text it
 * covers and its box on the image (it must lie inside the text the hit's offsets refer to).
 * Stored in the revision; the hit, the OCR text and the image stay as they were.
 */
export async function resolveCorrection(deps: CorrectionDeps, hit: StoredHit, correction: Correction): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (correction.entryId !== undefined) {
    const entry = deps.entry(correction.entryId);
    if (!entry) throw new ReviewRefusal('bad-correction', 'UNKNOWN_ENTRY', `the glossary has no entry "${correction.entryId}"`);
    Object.assign(out, { entryId: entry.id, term: entry.term, english: entry.english[0], category: entry.category });
  }
  if (correction.start !== undefined && correction.end !== undefined) {
    const [analysis, ocr] = await Promise.all([deps.store.getLatestAnalysis(hit.sha256), deps.store.getOcrResult(hit.sha256)]);
    // The span is in the text the hit's offsets refer to: its analysis's text.
    const chars = [...(analysis?.text ?? '')];
    if (correction.end > chars.length) {
      throw new ReviewRefusal('bad-correction', 'SPAN_OUT_OF_TEXT', `the text has ${chars.length} characters; the span ends at ${correction.end}`);
    }
    out.start = correction.start;
    out.end = correction.end;
    out.matched = chars.slice(correction.start, correction.end).join('');
    const bbox = ocr && ocr.text === analysis?.text ? unionBoxes(ocr.boxes.slice(correction.start, correction.end)) : null;
    if (bbox) out.bbox = bbox;
  }
  if (correction.reading !== undefined) out.reading = correction.reading;
  return out;
}
