import { createHash } from 'node:crypto';
import type { TextContext } from '../../../src/pipeline/text-context.ts';
import { runAnalysisJob } from '../../../src/queue/analysis-job.ts';
import type { Store } from '../../../src/store/store.ts';
import { sampleOcr } from './store-fixtures.ts';

/**
 * Documents for the search tests, in the forms a corpus holds them: traditional, simplified,
 * mixed, with the spaces OCR puts between characters and words wrapped across lines, plus
 * one holding query syntax and LIKE wildcards as plain text.
 */
export const CORPUS = {
  traditional: '青田縣公安機關在普拉托設立警僑驛站，聘請僑領。',
  simplified: '公安机关在布达佩斯设立联络站，叶先平担任联络员。',
  ocrSpaces: '夏 海 龙 在 普 拉 托 的 警 侨 驿 站 工 作 。',
  wrapped: '浙江省推行“最多跑\n一次”改革，普拉\n托华人多。',
  literal: '统计：100% 完成_率 a\\b 与 "警侨" OR * NEAR( 都是字面。',
  confusable: '青田警係驿站开放。',
} as const;

/** Stores a document with an OCR result (one box per character) and runs the real analysis job on it. */
export async function seedText(store: Store, ctx: TextContext, text: string, name = text, sha256 = createHash('sha256').update(`search-doc:${name}`).digest('hex')): Promise<string> {
  const ocr = sampleOcr(text);
  await store.putDocument({ sha256, mediaType: 'image/png', bytes: 100, width: ocr.width, height: ocr.height, firstPath: `${name.slice(0, 12)}.png` });
  await store.saveOcrResult(sha256, ocr);
  await runAnalysisJob({ kind: 'analysis', sha256, reason: 'pipeline' }, { store, context: async () => ctx });
  return sha256;
}
