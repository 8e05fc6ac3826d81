import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OcrResult } from '../../src/domain/ocr.ts';
import { analyseOcr } from '../../src/pipeline/analyse-ocr.ts';
import type { TextContext } from '../../src/pipeline/text-context.ts';
import { hitIds } from '../../src/store/hit-id.ts';
import type { AnalysisInput, Store } from '../../src/store/store.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'samples');
/** Stands for the document's sha256 in a template's annotations until a document takes it. */
const PLACEHOLDER = '0'.repeat(64);

/**
 * A stored analysis as the pipeline leaves it, without OCR: each samples/ ground-truth text with
 * one box per character (20 px apart on one line, as tests/api/helpers/seed-documents.ts does),
 * tagged once by the real analysis stages. Every seeded document is one of these templates under
 * its own sha256; only the sha256 inside the annotations differs, so running jieba and the
 * matcher 10,000 times over the same 27 texts would measure nothing the store sees.
 */
type Template = { text: string; analysis: Omit<AnalysisInput, 'sha256'>; annotationsJson: string };

function ocrOf(text: string): Pick<OcrResult, 'text' | 'boxes'> {
  return { text, boxes: [...text].map((_, i) => ({ x: 10 + i * 20, y: 10, w: 18, h: 20 })) };
}

async function templates(ctx: TextContext): Promise<Template[]> {
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.txt')).sort();
  const out: Template[] = [];
  for (const file of files) {
    const text = (await readFile(path.join(SAMPLES, file), 'utf8')).trim();
    const a = analyseOcr(ocrOf(text), { sha256: PLACEHOLDER, mediaType: 'image/png' }, ctx);
    if (a.hits.length === 0) continue;
    out.push({
      text,
      analysis: { glossaryVersion: ctx.glossary.version, text, script: a.script, tokens: a.tokens, hits: a.hits, annotations: a.annotations },
      annotationsJson: JSON.stringify(a.annotations),
    });
  }
  if (out.length === 0) throw new Error(`no sample text in ${SAMPLES} has a glossary hit`);
  return out;
}

export type SeedResult = {
  documents: number;
  hits: number;
  seconds: number;
  hitsPerDocument: number;
  /** Each document's first hit id, in the order the documents were numbered: places to start reviewing from. */
  firstHitIds: string[];
};

/**
 * Stores documents and their analyses through the store's own API (putDocument, saveAnalysis)
 * until `hits` hits are stored, the last document cut to fit. `concurrency` saves run at once:
 * PostgreSQL spreads them over its pool; SQLite has one connection, which queues them.
 */
export async function seedHits(store: Store, ctx: TextContext, options: { hits: number; concurrency: number; progress?: (done: number) => void }): Promise<SeedResult> {
  const pool = await templates(ctx);
  const started = performance.now();
  let stored = 0;
  let documents = 0;
  const plan: { sha256: string; template: Template; take: number; n: number }[] = [];
  for (let n = 0; stored < options.hits; n++) {
    const template = pool[n % pool.length]!;
    const take = Math.min(template.analysis.hits.length, options.hits - stored);
    plan.push({ sha256: createHash('sha256').update(`termlens-bench-document-${n}`).digest('hex'), template, take, n });
    stored += take;
  }
  let next = 0;
  let saved = 0;
  const worker = async () => {
    for (;;) {
      const job = plan[next++];
      if (!job) return;
      const { sha256, template, take, n } = job;
      await store.putDocument({ sha256, mediaType: 'image/png', bytes: 1000 + n, width: 20 * [...template.text].length + 20, height: 40, firstPath: `bench/${String(n).padStart(6, '0')}.png` });
      const annotations = JSON.parse(template.annotationsJson.replaceAll(PLACEHOLDER, sha256)) as AnalysisInput['annotations'];
      await store.saveAnalysis({ ...template.analysis, sha256, hits: template.analysis.hits.slice(0, take), annotations: annotations.slice(0, take) });
      documents += 1;
      saved += take;
      options.progress?.(saved);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const version = ctx.glossary.version;
  const firstHitIds = plan.map((p) => hitIds(p.sha256, version, p.template.analysis.hits.slice(0, 1))[0]!);
  return { documents, hits: saved, seconds, hitsPerDocument: saved / documents, firstHitIds };
}
