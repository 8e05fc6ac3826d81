/** The store's documents, OCR results and analyses (hits), on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { DocumentResultSchema } from '../../src/domain/document-result.ts';
import { STORE_BACKENDS } from './helpers/store-backends.ts';
import { newDocument, SAMPLE_TEXT, sampleAnalysis, sampleOcr, sha256Of } from './helpers/store-fixtures.ts';
import { type CountRow, count, useStoreSuite } from './helpers/store-suite.ts';

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  const env = useStoreSuite(backend);

  it('stores a document once, however often it is put', async () => {
    const doc = newDocument('put-twice');
    const first = await env.store.putDocument(doc);
    const second = await env.store.putDocument({ ...doc, firstPath: 'elsewhere/copy.png' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    // The first-seen path is kept: the record is never rewritten by a later sighting.
    expect(second.document).toEqual(first.document);
    expect(second.document.firstPath).toBe('put-twice.png');
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from documents where sha256 = ?', [doc.sha256]))).toBe(1);
    expect(await env.store.getDocument(doc.sha256)).toEqual(first.document);
    expect(await env.store.getDocument(sha256Of('never stored'))).toBeUndefined();
  });

  it('keeps concurrent puts of one document to one row', async () => {
    const doc = newDocument('put-concurrently');
    const others = await Promise.all([env.another(), env.another()]);
    const results = await Promise.all([env.store, ...others].flatMap((s) => [s.putDocument(doc), s.putDocument(doc)]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from documents where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it('saves and reads back an OCR result, replacing it on a re-run', async () => {
    const doc = newDocument('ocr');
    await env.store.putDocument(doc);
    await env.store.saveOcrResult(doc.sha256, sampleOcr());
    expect(await env.store.getOcrResult(doc.sha256)).toEqual(sampleOcr());
    await env.store.saveOcrResult(doc.sha256, { ...sampleOcr(), meanConfidence: 91.25 });
    expect((await env.store.getOcrResult(doc.sha256))?.meanConfidence).toBe(91.25);
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from ocr_results where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it('reads back the text and boxes of an OCR result alone, for analysis', async () => {
    const doc = newDocument('ocr-text');
    await env.store.putDocument(doc);
    expect(await env.store.getOcrText(doc.sha256)).toBeUndefined();
    await env.store.saveOcrResult(doc.sha256, sampleOcr());
    const { text, boxes } = sampleOcr();
    expect(await env.store.getOcrText(doc.sha256)).toEqual({ text, boxes });
  });

  it('saving the same analysis twice leaves the same hits, not twice as many', async () => {
    const doc = newDocument('analysis-twice');
    await env.store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const first = await env.store.saveAnalysis(analysis);
    const second = await env.store.saveAnalysis(analysis);
    expect(second.hitIds).toEqual(first.hitIds);
    expect(first.hitIds).toHaveLength(2);
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from hits where sha256 = ?', [doc.sha256]))).toBe(2);
    const hits = await env.store.listHits(doc.sha256, 'glossary-v1');
    expect(hits.map((h) => h.id)).toEqual(first.hitIds);
    expect(hits.map((h) => h.term)).toEqual(['海外联络站', '聘请']);
    expect(await env.store.getHit(first.hitIds[0]!)).toEqual(hits[0]);
  });

  it('keeps two workers saving the same analysis at once to one set of hits', async () => {
    const doc = newDocument('analysis-concurrent');
    await env.store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const others = await Promise.all([env.another(), env.another()]);
    await Promise.all([env.store, ...others].flatMap((s) => [s.saveAnalysis(analysis), s.saveAnalysis(analysis)]));
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from hits where sha256 = ?', [doc.sha256]))).toBe(2);
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from analyses where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it("keeps a hit's term status and preferred term, and changes them with the analysis", async () => {
    const doc = newDocument('hit-status');
    await env.store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const [liaison, pinqing] = analysis.hits;
    analysis.hits = [{ ...liaison!, status: 'deprecated', preferred: '海外联络处' }, pinqing!];
    const { hitIds } = await env.store.saveAnalysis(analysis);

    const hits = await env.store.listHits(doc.sha256, 'glossary-v1');
    expect(hits[0]).toMatchObject({ status: 'deprecated', preferred: '海外联络处' });
    expect(hits[1]).not.toHaveProperty('status');
    expect(hits[1]).not.toHaveProperty('preferred');
    expect(await env.store.getHit(hitIds[0]!)).toEqual(hits[0]);
    expect((await env.store.getDocumentResult(doc.sha256))?.hits[0]).toMatchObject({ status: 'deprecated', preferred: '海外联络处' });
    const rows = await env.testDb.query<{ status: string | null; preferred: string | null }>(
      'select status, preferred from hits where sha256 = ? order by ordinal',
      [doc.sha256],
    );
    expect(rows).toEqual([
      { status: 'deprecated', preferred: '海外联络处' },
      { status: null, preferred: null },
    ]);

    // Saved again without the status (the form is no longer deprecated): the same hit, updated.
    const again = await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true }));
    expect(again.hitIds).toEqual(hitIds);
    expect(await env.store.getHit(hitIds[0]!)).not.toHaveProperty('status');
  });

  it('a new glossary version adds hits of that version and becomes the latest analysis', async () => {
    const doc = newDocument('retag');
    await env.store.putDocument(doc);
    await env.store.saveOcrResult(doc.sha256, sampleOcr());
    const v1 = await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    const v2 = await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v2', { withPinqing: true }));

    expect(v2.hitIds).toHaveLength(2);
    expect(v2.hitIds).not.toContain(v1.hitIds[0]);
    const rows = await env.testDb.query<{ glossary_version: string; n: number | string }>(
      'select glossary_version, count(*) as n from hits where sha256 = ? group by glossary_version order by glossary_version',
      [doc.sha256],
    );
    expect(rows.map((r) => [r.glossary_version, Number(r.n)])).toEqual([
      ['glossary-v1', 1],
      ['glossary-v2', 2],
    ]);
    expect((await env.store.getLatestAnalysis(doc.sha256))?.glossaryVersion).toBe('glossary-v2');
    expect((await env.store.listHits(doc.sha256)).every((h) => h.glossaryVersion === 'glossary-v2')).toBe(true);

    // Saving v1 again (a late retry of an old job) makes it the latest again: last save wins.
    await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    expect((await env.store.getLatestAnalysis(doc.sha256))?.glossaryVersion).toBe('glossary-v1');
  });

  it('replaces the hits of a (document, version) pair atomically when they change', async () => {
    const doc = newDocument('replace-hits');
    await env.store.putDocument(doc);
    await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true }));
    await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    const hits = await env.store.listHits(doc.sha256, 'glossary-v1');
    expect(hits.map((h) => h.term)).toEqual(['海外联络站']);
    expect((await env.store.getLatestAnalysis(doc.sha256))?.hitCount).toBe(1);
  });

  it('refuses an analysis of a document that was never stored', async () => {
    await expect(env.store.saveAnalysis(sampleAnalysis(sha256Of('not stored'), 'glossary-v1'))).rejects.toThrow();
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from analyses where sha256 = ?', [sha256Of('not stored')]))).toBe(0);
  });

  it('returns the latest analysis as the annotate --format jsonl document', async () => {
    const doc = newDocument('export');
    await env.store.putDocument(doc);
    expect(await env.store.getDocumentResult(doc.sha256)).toBeUndefined();
    await env.store.saveOcrResult(doc.sha256, sampleOcr());
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v2', { withPinqing: true });
    await env.store.saveAnalysis(analysis);

    const result = await env.store.getDocumentResult(doc.sha256, { path: 'leak/page-1.png' });
    expect(DocumentResultSchema.parse(result)).toEqual(result);
    expect(result).toEqual({
      source: { path: 'leak/page-1.png', sha256: doc.sha256, bytes: 1234, mediaType: 'image/png', width: 800, height: 600 },
      text: SAMPLE_TEXT,
      script: 'simplified',
      ocr: { engine: 'tesseract.js', languages: ['chi_sim', 'chi_tra', 'eng'], meanConfidence: 87.5, rawText: sampleOcr().raw.text },
      glossaryVersion: 'glossary-v2',
      tokens: analysis.tokens,
      hits: analysis.hits,
      annotations: analysis.annotations,
    });
    expect((await env.store.getDocumentResult(doc.sha256))?.source.path).toBe('export.png');
  });

  it('lists stored documents for retag', async () => {
    const all = await env.store.listDocumentSha256s();
    expect(all).toContain(newDocument('retag').sha256);
    expect([...all].sort()).toEqual(all);
    expect(await env.store.listDocumentSha256s({ batchId: 'no-such-batch' })).toEqual([]);
  });
});
