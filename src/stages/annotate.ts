import { ANNOTATION_CONTEXT, MEDIA_FRAGMENTS_SPEC, PDF_FRAGMENT_SPEC, type WebAnnotation } from '../domain/annotation.ts';
import type { Box } from '../domain/geometry.ts';
import type { Hit } from '../domain/hit.ts';

/** Characters of context kept on each side in a TextQuoteSelector: enough to re-anchor the quote. */
const QUOTE_CONTEXT = 32;

/**
 * Hits of one glossary version are annotations of their own: a retag never reuses an id with
 * another body. A page of a PDF or a section of a document is a unit of its own (`unit`, e.g.
 * "page=3"): its text is a resource of its own and its ids never meet another unit's. A PDF
 * page's hits point at the PDF by RFC 8118 (`pdfPage`); an image section's at that image.
 */
export type AnnotationSource = {
  sha256: string;
  mediaType?: string;
  glossaryVersion?: string;
  unit?: string;
  pdfPage?: { page: number; toViewrect: (box: Box) => { x: number; y: number; w: number; h: number } };
  imageSha256?: string;
};

/** The OCR text is a resource of its own, derived from (never replacing) the image. */
export function textResourceId(sha256: string): string {
  return `urn:termlens:text:${sha256}`;
}

export function imageResourceId(sha256: string): string {
  return `urn:sha256:${sha256}`;
}

export function glossaryEntryIri(entryId: string): string {
  return `urn:termlens:glossary:${entryId}`;
}

function annotationId(source: AnnotationSource, hit: Hit): string {
  const unit = source.unit ? `${source.unit}:` : '';
  const version = source.glossaryVersion ? `${source.glossaryVersion.slice(0, 16)}:` : '';
  return `urn:termlens:annotation:${source.sha256}:${unit}${version}${hit.entryId}:${hit.start}-${hit.end}`;
}

/** Points with at most two decimals, as RFC 8118 viewrect values. */
function points(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function regionTarget(source: AnnotationSource, box: Box): WebAnnotation['target'][number] {
  if (source.pdfPage) {
    const r = source.pdfPage.toViewrect(box);
    return {
      type: 'SpecificResource',
      source: imageResourceId(source.sha256),
      selector: [
        {
          type: 'FragmentSelector',
          conformsTo: PDF_FRAGMENT_SPEC,
          value: `page=${source.pdfPage.page}&viewrect=${points(r.x)},${points(r.y)},${points(r.w)},${points(r.h)}`,
        },
      ],
    };
  }
  const { x, y, w, h } = box;
  return {
    type: 'SpecificResource',
    source: imageResourceId(source.imageSha256 ?? source.sha256),
    selector: [{ type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS_SPEC, value: `xywh=pixel:${x},${y},${w},${h}` }],
  };
}

/**
 * One W3C Web Annotation per hit. Ids are derived from the content hash, entry and position,
 * so annotating the same file twice yields the same annotations.
 */
export function annotateHits(source: AnnotationSource, text: string, hits: readonly Hit[]): WebAnnotation[] {
  const chars = [...text];
  return hits.map((hit) => {
    const target: WebAnnotation['target'] = [
      {
        type: 'SpecificResource',
        source: source.unit ? `${textResourceId(source.sha256)}:${source.unit}` : textResourceId(source.sha256),
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: hit.matched,
            prefix: chars.slice(Math.max(0, hit.start - QUOTE_CONTEXT), hit.start).join(''),
            suffix: chars.slice(hit.end, hit.end + QUOTE_CONTEXT).join(''),
          },
          { type: 'TextPositionSelector', start: hit.start, end: hit.end },
        ],
      },
    ];
    if (hit.bbox) target.push(regionTarget(source, hit.bbox));
    const body: WebAnnotation['body'] = [
      { type: 'SpecificResource', purpose: 'tagging', source: glossaryEntryIri(hit.entryId) },
      { type: 'TextualBody', purpose: 'tagging', value: hit.english, language: 'en', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: hit.term, language: 'zh-Hans', format: 'text/plain' },
    ];
    const possible = hit.kind === 'possible';
    if (possible) {
      body.push({ type: 'TextualBody', purpose: 'questioning', value: `possibly ${hit.form} misread as ${hit.matched}`, language: 'en', format: 'text/plain' });
    }
    return {
      '@context': ANNOTATION_CONTEXT,
      id: annotationId(source, hit),
      type: 'Annotation',
      motivation: possible ? 'questioning' : 'tagging',
      generator: { id: 'urn:termlens', type: 'Software', name: 'termlens' },
      body,
      target,
    };
  });
}
