// @ts-check
/** @import { Script } from '../../api/views/page-api.ts' */

/**
 * The language tag of Chinese text in a script, so the browser picks simplified or traditional
 * glyphs and punctuation. Mixed or unknown text is only `zh`: claiming a script would be a guess.
 * @param {Script | 'original' | undefined} script
 */
export function langOf(script) {
  if (script === 'simplified') return 'zh-Hans';
  if (script === 'traditional') return 'zh-Hant';
  return 'zh';
}

/**
 * The tag of a document's text as shown: the toggle's script, or the document's own for the original.
 * @param {'original' | 'simplified' | 'traditional'} view
 * @param {Script} documentScript
 */
export function langOfView(view, documentScript) {
  return langOf(view === 'original' ? documentScript : view);
}
