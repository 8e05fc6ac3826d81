import type { Glossary, GlossaryEntry, TermStatus } from '../../domain/glossary.ts';
import { ADMINISTRATIVE_STATUS } from './administrative-status.ts';
import { formsByScript } from './chinese-forms.ts';
import { toXmlId } from './entry-id.ts';
import { EXPORT_LANGUAGES } from './language-tags.ts';
import { partOfSpeech } from './part-of-speech.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';

export const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed-2';

/**
 * The glossary as TBX-Basic (ISO 30042:2019, DCA style). One conceptEntry per entry, with the
 * category as subjectField, the translator's note as note and each seed as an admin source; one
 * langSec per language (zh-Hans, zh-Hant, en) and one termSec per term, each with part of speech
 * and administrative status. Byte-for-byte the same for the same glossary: no timestamps.
 */
export function exportTbx(glossary: Pick<Glossary, 'entries' | 'version'>): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="${TBX_NAMESPACE}">`,
    '  <tbxHeader>',
    '    <fileDesc>',
    '      <titleStmt>',
    '        <title>termlens glossary</title>',
    '      </titleStmt>',
    '      <sourceDesc>',
    `        <p>Exported by termlens: ${glossary.entries.length} entries, glossary version ${text(glossary.version)}</p>`,
    '      </sourceDesc>',
    '    </fileDesc>',
    '  </tbxHeader>',
    '  <text>',
    '    <body>',
  ];
  const sorted = [...glossary.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const entry of sorted) out.push(...conceptEntry(entry));
  out.push('    </body>', '  </text>', '</tbx>', '');
  return out.join('\n');
}

function conceptEntry(entry: GlossaryEntry): string[] {
  const pos = partOfSpeech(entry.category);
  const lines = [`      <conceptEntry id="${attr(toXmlId(entry.id))}">`, `        <descrip type="subjectField">${text(entry.category)}</descrip>`];
  if (entry.note !== undefined) lines.push(`        <note>${text(entry.note)}</note>`);
  for (const source of entry.source) lines.push(`        <admin type="source">${text(source)}</admin>`);
  const { simplified, traditional } = formsByScript(entry);
  lines.push(...langSec(EXPORT_LANGUAGES.simplified, simplified, pos));
  lines.push(...langSec(EXPORT_LANGUAGES.traditional, traditional, pos));
  const english = entry.english.map((form, i) => ({ form, status: (i === 0 ? 'preferred' : 'admitted') as TermStatus }));
  lines.push(...langSec(EXPORT_LANGUAGES.english, english, pos));
  lines.push('      </conceptEntry>');
  return lines;
}

function langSec(lang: string, terms: readonly { form: string; status: TermStatus }[], pos: string): string[] {
  if (terms.length === 0) return [];
  const lines = [`        <langSec xml:lang="${attr(lang)}">`];
  for (const { form, status } of terms) {
    lines.push(
      '          <termSec>',
      `            <term>${text(form)}</term>`,
      `            <termNote type="partOfSpeech">${pos}</termNote>`,
      `            <termNote type="administrativeStatus">${ADMINISTRATIVE_STATUS[status]}</termNote>`,
      '          </termSec>',
    );
  }
  lines.push('        </langSec>');
  return lines;
}
