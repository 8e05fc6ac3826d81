import { DependencyError } from '../errors.ts';
import { analyseOcr } from '../pipeline/analyse-ocr.ts';
import type { TextContext } from '../pipeline/text-context.ts';
import { NON_TERMINAL_STATUSES, type Store } from '../store/store.ts';
import type { AnalysisJob } from './jobs.ts';

export type AnalysisJobDeps = {
  store: Store;
  /** The glossary and segmenter to use: the requested version, or the worker's current one. */
  context(glossaryVersion: string | undefined): Promise<TextContext>;
};

/**
 * script → segment → tag → locate → annotate over the stored OCR text: no image is read and no
 * OCR runs, which is what makes retag cheap. Saving is idempotent (hit ids are derived from
 * content, version and position), so a repeated job leaves the same rows.
 */
export async function runAnalysisJob(job: AnalysisJob, deps: AnalysisJobDeps): Promise<{ glossaryVersion: string; hits: number }> {
  const { store } = deps;
  const [ocr, document] = await Promise.all([store.getOcrText(job.sha256), store.getDocument(job.sha256)]);
  if (!ocr || !document) {
    // Only reachable when the OCR step's writes are not visible yet or were lost; a retry
    // (or the reconciler re-running OCR) repairs it.
    throw new DependencyError('OCR_RESULT_MISSING', `no stored OCR result for ${job.sha256}`);
  }
  const ctx = await deps.context(job.glossaryVersion);
  const analysis = analyseOcr(ocr, { sha256: job.sha256, mediaType: document.mediaType }, ctx);
  await store.saveAnalysis({
    sha256: job.sha256,
    glossaryVersion: ctx.glossary.version,
    text: ocr.text,
    script: analysis.script,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: analysis.annotations,
  });
  await store.setDocumentItemsStatus(job.sha256, 'done', { from: NON_TERMINAL_STATUSES });
  return { glossaryVersion: ctx.glossary.version, hits: analysis.hits.length };
}
