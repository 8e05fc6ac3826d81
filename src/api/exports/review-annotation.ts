import { ANNOTATION_CONTEXT, MEDIA_FRAGMENTS_SPEC } from '../../domain/annotation.ts';
import { glossaryEntryIri, textResourceId, imageResourceId } from '../../stages/annotate.ts';
import type { ReviewRevisionRecord, StoredHit } from '../../store/store.ts';

// A reopened hit has no assessment to export (annotation-collection.ts leaves it out); named for completeness.
const DECISION_VALUE = { confirm: 'confirmed', reject: 'rejected', correct: 'corrected', reopen: 'pending' } as const;

/**
 * A reviewer's decision as a W3C annotation of the hit's annotation: the evidence and the
 * machine's tag are never edited, the decision is a further annotation that refers to them
 * (motivation `assessing` for confirm and reject, `editing` for a correction, whose bodies say
 * what the hit should have been and whose targets include a corrected span if there is one).
 */
export function reviewAnnotation(hit: StoredHit, decision: ReviewRevisionRecord): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextualBody', purpose: 'assessing', value: DECISION_VALUE[decision.decision], format: 'text/plain', language: 'en' },
  ];
  if (decision.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: decision.note, format: 'text/plain' });
  const target: unknown[] = [hit.annotation.id];
  const c = decision.corrected ?? {};
  if (typeof c.entryId === 'string') {
    body.push({ type: 'SpecificResource', purpose: 'tagging', source: glossaryEntryIri(c.entryId) });
    if (typeof c.english === 'string') body.push({ type: 'TextualBody', purpose: 'tagging', value: c.english, language: 'en', format: 'text/plain' });
  }
  if (typeof c.reading === 'string') {
    body.push({ type: 'TextualBody', purpose: 'editing', value: c.reading, language: 'zh', format: 'text/plain' });
  }
  if (typeof c.start === 'number' && typeof c.end === 'number') {
    target.push({
      type: 'SpecificResource',
      source: textResourceId(hit.sha256),
      selector: [
        ...(typeof c.matched === 'string' ? [{ type: 'TextQuoteSelector', exact: c.matched }] : []),
        { type: 'TextPositionSelector', start: c.start, end: c.end },
      ],
    });
    const box = c.bbox as { x: number; y: number; w: number; h: number } | undefined;
    if (box && typeof box.x === 'number') {
      target.push({
        type: 'SpecificResource',
        source: imageResourceId(hit.sha256),
        selector: [{ type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS_SPEC, value: `xywh=pixel:${box.x},${box.y},${box.w},${box.h}` }],
      });
    }
  }
  return {
    '@context': ANNOTATION_CONTEXT,
    id: `urn:termlens:review:${hit.id}:${decision.revision}`,
    type: 'Annotation',
    motivation: decision.decision === 'correct' ? 'editing' : 'assessing',
    creator: { type: 'Person', name: decision.author },
    created: decision.createdAt,
    generator: { id: 'urn:termlens', type: 'Software', name: 'termlens' },
    body,
    target,
  };
}
