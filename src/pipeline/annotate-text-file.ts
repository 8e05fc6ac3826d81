import type { DocumentResult } from '../domain/document-result.ts';
import { annotateHits } from '../stages/annotate.ts';
import { ingestText } from '../stages/ingest-text.ts';
import { analyseText } from './analyse-text.ts';
import { textLimits } from './input-limits.ts';
import type { TextContext } from './text-context.ts';

/** The text path: no OCR, no image, so no boxes. */
export async function annotateTextFile(path: string, ctx: TextContext): Promise<DocumentResult> {
  const source = await ingestText(path, textLimits());
  const analysis = analyseText(source.text, ctx.glossary, ctx.segmenter);
  return {
    source: { path: source.path, sha256: source.sha256, bytes: source.bytes, mediaType: 'text/plain; charset=utf-8' },
    text: source.text,
    script: analysis.script,
    glossaryVersion: ctx.glossary.version,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: annotateHits({ ...source, glossaryVersion: ctx.glossary.version }, source.text, analysis.hits),
  };
}
