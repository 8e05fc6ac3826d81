import type { TermStatus } from '../../domain/glossary.ts';
import { parseStatus } from './administrative-status.ts';
import { classifyForms, type ReadForm } from './chinese-forms.ts';
import { ValueLines, type ImportedEntry, type ImportResult } from './imported-entry.ts';
import { languageRole, type TraditionalVariant } from './language-tags.ts';
import { attribute, elementChildren, parseXml, textOf, type XmlElement } from './xml-tree.ts';

/**
 * Reads TBX: TBX-Basic (ISO 30042:2019: tbx, conceptEntry, langSec, termSec) and the TBX 2
 * files most CAT tools still write (martif, termEntry, langSet, tig/ntig). Every problem points
 * at the line of the element it is about.
 */
export function readTbx(text: string, file: string): ImportResult {
  const { root, problems } = parseXml(text, file);
  if (!root) return { entries: [], problems };
  const error = (line: number, message: string): void => {
    problems.push({ file, line, severity: 'error', message });
  };
  const warning = (line: number, message: string): void => {
    problems.push({ file, line, severity: 'warning', message });
  };

  if (root.name !== 'tbx' && root.name !== 'martif') {
    error(root.line, `not a TBX file: the root element is <${root.name}>, not <tbx> (or TBX 2 <martif>)`);
    return { entries: [], problems };
  }
  const body = elementChildren(root, 'text').flatMap((t) => elementChildren(t, 'body'))[0];
  if (!body) {
    error(root.line, 'TBX file has no <text><body>');
    return { entries: [], problems };
  }

  const ignoredLanguages = new Set<string>();
  const entries: ImportedEntry[] = [];
  for (const concept of elementChildren(body)) {
    if (concept.name !== 'conceptEntry' && concept.name !== 'termEntry') continue;
    const entry = readConcept(concept, { error, warning }, ignoredLanguages);
    if (entry) entries.push(entry);
  }
  return { entries, problems };
}

type Report = { error: (line: number, message: string) => void; warning: (line: number, message: string) => void };

function readConcept(concept: XmlElement, report: Report, ignoredLanguages: Set<string>): ImportedEntry | undefined {
  const rawId = attribute(concept, 'id');
  const label = rawId === undefined ? `concept at line ${concept.line}` : `concept "${rawId}"`;
  const lines = new ValueLines(concept.line);
  if (rawId !== undefined) lines.add('id', rawId, concept.line);

  const simplified: ReadForm[] = [];
  const traditional: ReadForm[] = [];
  const english: { text: string; status?: TermStatus; line: number }[] = [];
  const notes: string[] = [];
  const sources: string[] = [];
  let category: string | undefined;
  let traditionalVariant: TraditionalVariant = 't';
  let failed = false;

  const readNotes = (element: XmlElement, prefix = ''): void => {
    for (const child of elementChildren(element)) {
      const text = textOf(child).trim();
      if (text === '') continue;
      const isNote = child.name === 'note' || (child.name === 'descrip' && attribute(child, 'type') === 'definition');
      if (isNote) {
        notes.push(prefix + text);
        lines.add('note', undefined, child.line);
      } else if (child.name === 'descripGrp') {
        // A descripGrp's own admin source is the definition's source, not the entry's.
        for (const descrip of elementChildren(child, 'descrip')) {
          if (attribute(descrip, 'type') === 'definition' && textOf(descrip).trim() !== '') {
            notes.push(prefix + textOf(descrip).trim());
            lines.add('note', undefined, descrip.line);
          }
        }
      }
    }
  };

  readNotes(concept);
  for (const child of elementChildren(concept)) {
    const type = attribute(child, 'type');
    if (child.name === 'descrip' && type === 'subjectField') {
      const value = textOf(child).trim();
      if (category === undefined) {
        category = value;
        lines.add('category', value, child.line);
      }
    } else if (child.name === 'admin' && type === 'source') {
      const value = textOf(child).trim();
      if (value !== '' && !sources.includes(value)) {
        sources.push(value);
        lines.add('source', value, child.line);
      }
    } else if (child.name === 'langSec' || child.name === 'langSet') {
      const tag = attribute(child, 'lang');
      if (tag === undefined) {
        report.error(child.line, `${label}: <${child.name}> has no xml:lang`);
        failed = true;
        continue;
      }
      const role = languageRole(tag);
      if (role.role === 'other') {
        if (!ignoredLanguages.has(tag)) report.warning(child.line, `${label}: language "${tag}" is not one termlens keeps (zh-Hans, zh-Hant, en); its terms are left out`);
        ignoredLanguages.add(tag);
        continue;
      }
      if (role.role === 'traditional') traditionalVariant = role.variant;
      readNotes(child);
      for (const termSec of termSections(child)) {
        const terms = termSec.terms;
        if (terms.length !== 1) {
          report.error(termSec.element.line, `${label}: <${termSec.element.name}> must hold exactly one <term>, not ${terms.length}`);
          failed = true;
          continue;
        }
        const term = terms[0]!;
        const text = textOf(term).trim();
        if (text === '') {
          report.error(term.line, `${label}: empty <term>`);
          failed = true;
          continue;
        }
        const status = readStatus(termSec.element, label, report);
        readNotes(termSec.element, `${text}: `);
        if (role.role === 'english') {
          english.push({ text, line: term.line, ...(status ? { status } : {}) });
        } else {
          (role.role === 'simplified' ? simplified : traditional).push({ form: text, status: status ?? 'admitted', line: term.line });
        }
      }
    }
  }
  if (failed) return undefined;

  // Without a preferred term, the first one that is not deprecated is, as in a two-column spreadsheet.
  const firstAccepted = simplified.find((f) => f.status !== 'deprecated');
  const promoted = simplified.some((f) => f.status === 'preferred') ? simplified : simplified.map((f) => (f === firstAccepted ? { ...f, status: 'preferred' as const } : f));
  const forms = classifyForms(promoted, traditional, traditionalVariant);
  if (!forms) {
    const only = simplified.length + traditional.length > 0 ? 'only deprecated Chinese terms' : 'no Chinese term';
    report.error(concept.line, `${label}: has ${only} (langSec zh-Hans/zh-CN or zh-Hant/zh-TW with a preferred or admitted term)`);
    return undefined;
  }
  for (const conflict of forms.conflicts) {
    report.error(
      conflict.form.line,
      `${label}: "${conflict.form.form}" is ${conflict.form.status} but is the traditional form of ${conflict.sourceStatus} "${conflict.source}"`,
    );
  }
  if (forms.conflicts.length > 0) return undefined;
  if (forms.convertedFrom) {
    report.warning(forms.convertedFrom.line, `${label}: no simplified term; "${forms.term.form}" converted by opencc from "${forms.convertedFrom.form}"`);
  }

  lines.add('term', forms.term.form, forms.term.line);
  for (const field of ['traditional', 'variants', 'deprecated'] as const) for (const f of forms[field]) lines.add(field, f.form, f.line);

  const fields: ImportedEntry['fields'] = {
    term: forms.term.form,
    traditional: forms.traditional.map((f) => f.form),
    variants: forms.variants.map((f) => f.form),
    deprecated: forms.deprecated.map((f) => f.form),
  };
  const renderings = orderedEnglish(english, label, report);
  for (const r of english) lines.add('english', r.text, r.line);
  if (renderings.length > 0) fields.english = renderings;
  if (category !== undefined) fields.category = category;
  if (notes.length > 0) fields.note = notes.join('\n\n');
  if (sources.length > 0) fields.source = sources;
  return { ...(rawId !== undefined ? { rawId } : {}), line: concept.line, fields, lineOf: lines.lineOf };
}

type TermSection = { element: XmlElement; terms: XmlElement[] };

/** termSec (TBX 3), tig (TBX 2) and ntig, whose term sits in a termGrp. */
function termSections(langSec: XmlElement): TermSection[] {
  const sections: TermSection[] = [];
  for (const child of elementChildren(langSec)) {
    if (child.name === 'termSec' || child.name === 'tig') sections.push({ element: child, terms: elementChildren(child, 'term') });
    else if (child.name === 'ntig') {
      const groups = elementChildren(child, 'termGrp');
      sections.push({ element: child, terms: groups.flatMap((g) => elementChildren(g, 'term')) });
    }
  }
  return sections;
}

function readStatus(termSec: XmlElement, label: string, report: Report): TermStatus | undefined {
  const notes = [...elementChildren(termSec, 'termNote'), ...elementChildren(termSec, 'termGrp').flatMap((g) => elementChildren(g, 'termNote'))];
  for (const note of notes) {
    const type = attribute(note, 'type');
    if (type !== 'administrativeStatus' && type !== 'normativeAuthorization') continue;
    const value = textOf(note).trim();
    const status = parseStatus(value);
    if (status === undefined) report.warning(note.line, `${label}: unknown administrativeStatus "${value}"; the term is taken as admitted`);
    return status;
  }
  return undefined;
}

/** English renderings, preferred first; deprecated ones have no place in termlens and are reported. */
function orderedEnglish(renderings: readonly { text: string; status?: TermStatus; line: number }[], label: string, report: Report): string[] {
  const kept = renderings.filter((r) => {
    if (r.status !== 'deprecated') return true;
    report.warning(r.line, `${label}: deprecated English term "${r.text}" is left out: termlens keeps only renderings to use`);
    return false;
  });
  const ordered = [...kept.filter((r) => r.status === 'preferred'), ...kept.filter((r) => r.status !== 'preferred')];
  return [...new Set(ordered.map((r) => r.text))];
}
