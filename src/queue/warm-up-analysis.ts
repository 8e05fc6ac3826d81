import { analyseText } from '../pipeline/analyse-text.ts';
import type { TextContext } from '../pipeline/text-context.ts';

/**
 * Pays the analysis side's one-off cost before the first job instead of inside it: the
 * segmenter's dictionary loads on first use (seconds, blocking the event loop, which would also
 * hold up the lock renewals of a running OCR job in the same process).
 */
export function warmUpAnalysis(ctx: TextContext): void {
  analyseText('海外警务服务站', ctx.glossary, ctx.segmenter);
}
