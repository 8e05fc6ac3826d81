import { Locale, Trie } from 'opencc-js';

/**
 * opencc-js conversions with a small memory footprint. `OpenCC.Converter` builds a trie of
 * nested Maps over every entry of its dictionaries, up front: about 45 MB for simplified →
 * traditional, 130 MB for the three conversions a glossary needs, held for the life of the
 * process (a worker also holds jieba's and tesseract's models). Here each dictionary is a flat
 * Map of its entries, built on first use (a few MB in all), and each conversion builds opencc's
 * own Trie from just the entries whose source occurs in the text being converted. No other
 * entry can match anywhere in that text, so the result is exactly opencc's; the conversion
 * steps (normalisation, segmentation, the chain of dictionary groups) are those of opencc's
 * preset for the same locale pair. tests/unit/opencc-converter.test.ts compares the two.
 *
 * Meant for short texts (glossary forms, one character): a conversion costs a lookup per
 * substring up to the longest dictionary entry.
 */

export type OpenccConfigName = 's2t' | 's2tw' | 's2hk' | 't2s';

type Dict = string | readonly (readonly [string, string])[];
type Preset = { normalizationChain?: readonly (readonly Dict[])[]; segmentation?: Dict | readonly Dict[]; conversionChain: readonly (readonly Dict[])[] };

/** One dictionary's entries, source → replacement, and the longest source in code points. */
type DictIndex = { entries: Map<string, string>; longest: number };

const indexes = new Map<Dict, DictIndex>();

function indexOf(dict: Dict): DictIndex {
  let index = indexes.get(dict);
  if (index) return index;
  const entries = new Map<string, string>();
  let longest = 0;
  // Read as Trie.loadDict reads it: "source replacement" pairs joined by "|", or pairs.
  const pairs = typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict;
  for (const [source, replacement] of pairs) {
    if (typeof source !== 'string' || typeof replacement !== 'string') throw new TypeError('invalid opencc dictionary entry');
    entries.set(source, replacement);
    longest = Math.max(longest, [...source].length);
  }
  index = { entries, longest };
  indexes.set(dict, index);
  return index;
}

/**
 * opencc's Trie over the entries of `group` whose source is a substring of `text`. In a group
 * the first dictionary listing a source wins, as in Trie.loadDictGroup.
 */
function trieFor(group: readonly Dict[], text: string): Trie {
  const trie = new Trie();
  const dicts = group.map(indexOf);
  const longest = Math.max(0, ...dicts.map((d) => d.longest));
  const chars = [...text];
  const added = new Set<string>();
  for (let start = 0; start < chars.length; start++) {
    let source = '';
    for (let end = start; end < Math.min(chars.length, start + longest); end++) {
      source += chars[end];
      if (added.has(source)) continue;
      const dict = dicts.find((d) => d.entries.has(source));
      if (!dict) continue;
      added.add(source);
      trie.addWord(source, dict.entries.get(source)!);
    }
  }
  return trie;
}

function groupOf(dicts: Dict | readonly Dict[]): readonly Dict[] {
  return typeof dicts === 'string' || (dicts.length > 0 && Array.isArray(dicts[0]) && typeof dicts[0][0] === 'string')
    ? [dicts as Dict]
    : (dicts as readonly Dict[]);
}

/** The same function as `OpenCC.Converter` for this preset (cn → t is 's2t', and so on). */
export function openccConverter(name: OpenccConfigName): (text: string) => string {
  const preset = (Locale.configs as unknown as Record<string, Preset>)[name];
  if (!preset) throw new Error(`opencc has no preset ${name}`);
  return (input) => {
    let text = input;
    for (const group of preset.normalizationChain ?? []) text = trieFor(group, text).convert(text);
    let segments: string[] = preset.segmentation ? trieFor(groupOf(preset.segmentation), text).segment(text) : [text];
    for (const group of preset.conversionChain) {
      const trie = trieFor(group, segments.join(''));
      segments = segments.map((segment) => trie.convert(segment));
    }
    return segments.join('');
  };
}
