import type { Store } from '../../store/store.ts';
import type { ReviewStatus } from '../../store/repositories/hit-queue.ts';
import { kwicLine } from '../views/kwic.ts';
import type { ExportedHit } from './queued-hits.ts';

export type ConcordanceLine = {
  hitId: string;
  sha256: string;
  document: string;
  start: number;
  end: number;
  left: string;
  keyword: string;
  right: string;
  reviewStatus: ReviewStatus;
  decision: string | null;
};

export type ConcordanceTerm = { entryId: string; term: string; english: string; category: string; lines: ConcordanceLine[] };

/**
 * Keyword-in-context lines grouped per glossary entry (entries in the order first met, lines
 * in queue order). Each document's text is read once per export.
 */
export async function kwicConcordance(store: Store, hits: AsyncIterable<ExportedHit>, width: number, maxLines = Infinity): Promise<ConcordanceTerm[]> {
  const texts = new Map<string, string[]>();
  const names = new Map<string, string>();
  const terms = new Map<string, ConcordanceTerm>();
  let lines = 0;
  for await (const { hit, decision } of hits) {
    if (lines >= maxLines) break;
    let chars = texts.get(hit.sha256);
    if (!chars) {
      const [analysis, document] = await Promise.all([store.getLatestAnalysis(hit.sha256), store.getDocument(hit.sha256)]);
      chars = [...(analysis?.text ?? '')];
      texts.set(hit.sha256, chars);
      names.set(hit.sha256, document?.firstPath ?? hit.sha256);
    }
    let group = terms.get(hit.entryId);
    if (!group) {
      group = { entryId: hit.entryId, term: hit.term, english: hit.english, category: hit.category, lines: [] };
      terms.set(hit.entryId, group);
    }
    group.lines.push({
      hitId: hit.id,
      sha256: hit.sha256,
      document: names.get(hit.sha256)!,
      start: hit.start,
      end: hit.end,
      ...kwicLine(chars, hit.start, hit.end, width),
      reviewStatus: hit.reviewStatus,
      decision: decision?.decision ?? null,
    });
    lines++;
  }
  return [...terms.values()];
}
