import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { openccConverter, type OpenccConfigName } from '../../src/script/opencc-converter.ts';

/** openccConverter must give exactly what opencc-js's own converter gives, only with less memory. */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LOCALES: Record<OpenccConfigName, { from: string; to: string }> = {
  s2t: { from: 'cn', to: 't' },
  s2tw: { from: 'cn', to: 'tw' },
  s2hk: { from: 'cn', to: 'hk' },
  t2s: { from: 't', to: 'cn' },
};

/** Sources and replacements of every dictionary the preset uses, the samples' texts and the glossary's lines. */
function inputs(name: OpenccConfigName): string[] {
  const preset = (OpenCC.Locale.configs as unknown as Record<string, { conversionChain: string[][] }>)[name]!;
  const found = new Set<string>();
  for (const group of preset.conversionChain) {
    for (const dict of group) {
      for (const line of dict.split('|')) for (const word of line.split(' ')) found.add(word);
    }
  }
  const words = [...found];
  // Neighbouring entries run together, so that matches compete across a boundary.
  for (let i = 0; i + 1 < words.length; i += 5) found.add(words[i]! + words[i + 1]!);
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) found.add(String.fromCodePoint(cp));
  for (let cp = 0xf900; cp <= 0xfaff; cp++) found.add(String.fromCodePoint(cp)); // compatibility ideographs
  found.add('⿰木木林'); // an ideographic description sequence
  for (const file of readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.txt'))) {
    found.add(readFileSync(path.join(ROOT, 'samples', file), 'utf8'));
  }
  for (const file of readdirSync(path.join(ROOT, 'glossary')).filter((f) => f.endsWith('.yaml'))) {
    for (const line of readFileSync(path.join(ROOT, 'glossary', file), 'utf8').split('\n')) found.add(line);
  }
  return [...found];
}

describe('openccConverter', () => {
  for (const name of Object.keys(LOCALES) as OpenccConfigName[]) {
    it(`${name} converts exactly as OpenCC.Converter(${JSON.stringify(LOCALES[name])})`, () => {
      const reference = OpenCC.Converter(LOCALES[name]);
      const lean = openccConverter(name);
      const differing = inputs(name).filter((text) => lean(text) !== reference(text));
      expect(differing.slice(0, 5).map((text) => [text, reference(text), lean(text)])).toEqual([]);
    });
  }

  it('picks the phrase-level form where one simplified character has several traditional ones', () => {
    expect(openccConverter('s2t')('联系')).toBe('聯繫');
    expect(openccConverter('s2tw')('统一战线')).toBe('統一戰線');
    expect(openccConverter('t2s')('警僑驛站')).toBe('警侨驿站');
  });
});
