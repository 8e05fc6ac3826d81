import { describe, expect, it } from 'vitest';
import { ANNOTATION_CONTEXT, WebAnnotationSchema } from '../../src/domain/annotation.ts';
import type { Hit } from '../../src/domain/hit.ts';
import { annotateHits } from '../../src/stages/annotate.ts';
import { locateHits } from '../../src/stages/locate-hits.ts';

const sha256 = 'a'.repeat(64);
const hit = (over: Partial<Hit>): Hit => ({
  entryId: 'haiwai-lianluozhan',
  term: '海外联络站',
  english: 'overseas liaison station',
  category: 'institution',
  matched: '海外联络站',
  start: 0,
  end: 5,
  kind: 'exact',
  confidence: 1,
  form: '海外联络站',
  ...over,
});

describe('locating hits on the image', () => {
  it('unites the character boxes, and keeps one box per line for a wrapped term', () => {
    const text = '设立海外联络\n站';
    const box = (x: number, y: number) => ({ x, y, w: 10, h: 12 });
    const boxes = [box(0, 0), box(10, 0), box(20, 0), box(30, 0), box(40, 0), box(50, 0), null, box(0, 20)];
    const [located] = locateHits([hit({ matched: '海外联络\n站', start: 2, end: 8 })], text, boxes);
    expect(located!.bbox).toEqual({ x: 0, y: 0, w: 60, h: 32 });
    expect(located!.boxes).toEqual([
      { x: 20, y: 0, w: 40, h: 12 },
      { x: 0, y: 20, w: 10, h: 12 },
    ]);
  });

  it('leaves a hit without boxes as it is (plain text has none)', () => {
    const [located] = locateHits([hit({})], '海外联络站', []);
    expect(located!.bbox).toBeUndefined();
  });
});

describe('W3C Web Annotations', () => {
  it('carries quote, position (code points) and image region selectors and the glossary body', () => {
    const text = '𠮷在米兰设立海外联络站，聘请侨领。';
    const [annotation] = annotateHits({ sha256 }, text, [hit({ start: 6, end: 11, bbox: { x: 5, y: 6, w: 70, h: 14 } })]);
    expect(WebAnnotationSchema.parse(annotation)).toBeTruthy();
    expect(annotation!['@context']).toBe(ANNOTATION_CONTEXT);
    expect(annotation!.motivation).toBe('tagging');
    const [textTarget, imageTarget] = annotation!.target;
    expect(textTarget!.selector).toEqual([
      { type: 'TextQuoteSelector', exact: '海外联络站', prefix: '𠮷在米兰设立', suffix: '，聘请侨领。' },
      { type: 'TextPositionSelector', start: 6, end: 11 },
    ]);
    expect(imageTarget!.source).toBe(`urn:sha256:${sha256}`);
    expect(imageTarget!.selector).toEqual([
      { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: 'xywh=pixel:5,6,70,14' },
    ]);
    expect(annotation!.body).toContainEqual({ type: 'SpecificResource', purpose: 'tagging', source: 'urn:termlens:glossary:haiwai-lianluozhan' });
    expect(annotation!.body).toContainEqual(expect.objectContaining({ type: 'TextualBody', value: 'overseas liaison station', language: 'en' }));
  });

  it('gives the same ids for the same content, so re-running never duplicates annotations', () => {
    const text = '海外联络站';
    const first = annotateHits({ sha256 }, text, [hit({})]);
    const second = annotateHits({ sha256 }, text, [hit({})]);
    expect(first[0]!.id).toBe(second[0]!.id);
    expect(annotateHits({ sha256: 'b'.repeat(64) }, text, [hit({})])[0]!.id).not.toBe(first[0]!.id);
    const v1 = annotateHits({ sha256, glossaryVersion: '1'.repeat(64) }, text, [hit({})])[0]!.id;
    const v2 = annotateHits({ sha256, glossaryVersion: '2'.repeat(64) }, text, [hit({})])[0]!.id;
    expect(v1).not.toBe(v2);
  });
});
