import { ANNOTATION_CONTEXT } from '../../domain/annotation.ts';
import type { ExportedHit } from './queued-hits.ts';
import { reviewAnnotation } from './review-annotation.ts';

/**
 * A W3C AnnotationCollection with one page: each selected hit's annotation and, after it, the
 * annotation of its latest decision (none while it is pending). Streamed; `total` goes last because it is only known at the
 * end (JSON object members are unordered).
 */
export async function* annotationCollection(hits: AsyncIterable<ExportedHit>, label: string): AsyncGenerator<string> {
  const head = { '@context': ANNOTATION_CONTEXT, id: `urn:termlens:export:${Date.now()}`, type: 'AnnotationCollection', label };
  yield `${JSON.stringify(head).slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`;
  let n = 0;
  for await (const { hit, decision } of hits) {
    yield `${n === 0 ? '\n' : ',\n'}${JSON.stringify(hit.annotation)}`;
    n++;
    // A hit an undo reopened is pending again: like an undecided one, it has no review annotation.
    if (decision && decision.decision !== 'reopen') {
      yield `,\n${JSON.stringify(reviewAnnotation(hit, decision))}`;
      n++;
    }
  }
  yield `\n]},"total":${n}}\n`;
}
