/**
 * BCP 47 tags of the three languages a termlens entry holds. Exports use the script subtags
 * (zh-Hans, zh-Hant), which say what the glossary knows; imports also take the region tags CAT
 * tools write (memoQ and Trados: zh-CN, zh-TW, zh-HK), compared case-insensitively.
 */
export const EXPORT_LANGUAGES = { simplified: 'zh-Hans', traditional: 'zh-Hant', english: 'en' } as const;

/** Which opencc table turns a traditional term into simplified: Taiwan and Hong Kong spellings differ. */
export type TraditionalVariant = 't' | 'tw' | 'hk';

export type LanguageRole =
  | { role: 'simplified' }
  | { role: 'traditional'; variant: TraditionalVariant }
  | { role: 'english' }
  | { role: 'other' };

const SIMPLIFIED_REGIONS = new Set(['cn', 'sg', 'my']);
const TRADITIONAL_REGIONS: Record<string, TraditionalVariant> = { tw: 'tw', hk: 'hk', mo: 'hk' };

export function languageRole(tag: string): LanguageRole {
  const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
  const [language, ...rest] = parts;
  if (language === 'en' || language === 'eng') return { role: 'english' };
  if (language !== 'zh' && language !== 'cmn' && language !== 'yue' && language !== 'zho' && language !== 'chi') return { role: 'other' };
  if (rest.includes('hans')) return { role: 'simplified' };
  const region = rest.find((p) => p.length === 2);
  if (rest.includes('hant')) return { role: 'traditional', variant: (region && TRADITIONAL_REGIONS[region]) || 't' };
  if (region && TRADITIONAL_REGIONS[region]) return { role: 'traditional', variant: TRADITIONAL_REGIONS[region]! };
  if (region === undefined || SIMPLIFIED_REGIONS.has(region)) return { role: 'simplified' };
  // zh-US and the like say where, not how it is written: simplified is what mainland sources use.
  return { role: 'simplified' };
}
