import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The TBX-Basic rules (ISO 30042:2019 core structure plus the TBX-Basic DCA schematron of
 * LTAC-Global/TBX-Basic_dialect) that can be checked without a RELAX NG engine. Returns every
 * violation; an empty list means the file passes. Independent of termlens's own TBX reader.
 */
const NAMESPACE = 'urn:iso:std:iso:30042:ed-2';
const BCP47 = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/;
const NCNAME = /^[A-Za-z_][\w.-]*$/;
const ADMIN_TYPES = ['customerSubset', 'projectSubset', 'source'];
const DESCRIP_TYPES = ['subjectField', 'context', 'definition'];
const TERMNOTE_TYPES = ['administrativeStatus', 'partOfSpeech', 'geographicalUsage', 'grammaticalGender', 'termLocation', 'termType'];
const STATUSES = ['preferredTerm-admn-sts', 'admittedTerm-admn-sts', 'deprecatedTerm-admn-sts', 'supersededTerm-admn-sts'];
const PARTS_OF_SPEECH = ['noun', 'verb', 'adjective', 'adverb', 'other'];
const CONCEPT_CHILDREN = ['admin', 'adminGrp', 'descrip', 'descripGrp', 'note', 'ref', 'transacGrp', 'xref', 'langSec'];
const LANGSEC_CHILDREN = ['admin', 'adminGrp', 'descrip', 'descripGrp', 'note', 'ref', 'transacGrp', 'xref', 'termSec'];
const TERMSEC_CHILDREN = ['term', 'termNote', 'termNoteGrp', 'admin', 'adminGrp', 'descrip', 'descripGrp', 'note', 'ref', 'transacGrp', 'xref'];

type El = { name: string; attrs: Record<string, string>; children: El[]; text: string };

export function tbxBasicViolations(xml: string): string[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`];
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false });
  const root = toElements(parser.parse(xml) as unknown[]).find((e) => !e.name.startsWith('?'));
  const v: string[] = [];
  if (root?.name !== 'tbx') return ['root element must be <tbx>'];
  if (root.attrs.type !== 'TBX-Basic') v.push('tbx/@type must be TBX-Basic');
  if (root.attrs.style !== 'dca') v.push('tbx/@style must be dca');
  if (root.attrs.xmlns !== NAMESPACE) v.push(`tbx/@xmlns must be ${NAMESPACE}`);
  if (!BCP47.test(root.attrs['xml:lang'] ?? '')) v.push('tbx/@xml:lang must be a BCP 47 tag');
  const walkPrefixes = (e: El): void => {
    if (e.name.includes(':')) v.push(`element <${e.name}> is not in the TBX namespace (DCT style is not allowed in DCA)`);
    e.children.forEach(walkPrefixes);
  };
  walkPrefixes(root);

  const header = only(root, 'tbxHeader', v, 'tbx');
  const fileDesc = header && only(header, 'fileDesc', v, 'tbxHeader');
  if (fileDesc && kids(fileDesc, 'sourceDesc').length === 0) v.push('fileDesc needs a sourceDesc');
  const text = only(root, 'text', v, 'tbx');
  const body = text && only(text, 'body', v, 'text');
  if (!body) return v;
  const concepts = body.children;
  if (concepts.length === 0) v.push('body holds no conceptEntry');
  const ids = new Set<string>();
  for (const concept of concepts) {
    if (concept.name !== 'conceptEntry') {
      v.push(`body may hold only conceptEntry, not <${concept.name}>`);
      continue;
    }
    const id = concept.attrs.id;
    const where = `conceptEntry ${id ?? '(no id)'}`;
    if (id === undefined || !NCNAME.test(id)) v.push(`${where}: id must be an xs:ID`);
    else if (ids.has(id)) v.push(`${where}: id is not unique`);
    else ids.add(id);
    checkChildren(concept, CONCEPT_CHILDREN, where, v);
    const langSecs = kids(concept, 'langSec');
    if (langSecs.length === 0) v.push(`${where}: needs at least one langSec`);
    const firstLang = concept.children.findIndex((c) => c.name === 'langSec');
    if (concept.children.slice(firstLang).some((c) => c.name !== 'langSec')) v.push(`${where}: langSecs must come last`);
    checkDataCategories(concept, 'conceptEntry', where, v);
    for (const langSec of langSecs) {
      const lang = langSec.attrs['xml:lang'];
      const at = `${where} langSec ${lang}`;
      if (lang === undefined || !BCP47.test(lang)) v.push(`${at}: xml:lang must be a BCP 47 tag`);
      checkChildren(langSec, LANGSEC_CHILDREN, at, v);
      checkDataCategories(langSec, 'langSec', at, v);
      const termSecs = kids(langSec, 'termSec');
      if (termSecs.length === 0) v.push(`${at}: needs at least one termSec`);
      for (const termSec of termSecs) {
        checkChildren(termSec, TERMSEC_CHILDREN, at, v);
        checkDataCategories(termSec, 'termSec', at, v);
        const terms = kids(termSec, 'term');
        if (terms.length !== 1) v.push(`${at}: termSec must hold exactly one term, holds ${terms.length}`);
        if (terms[0] && terms[0].text.trim() === '') v.push(`${at}: empty term`);
        if (termSec.children[0]?.name !== 'term') v.push(`${at}: term must come first in termSec`);
      }
    }
  }
  return v;
}

function checkDataCategories(element: El, level: 'conceptEntry' | 'langSec' | 'termSec', where: string, v: string[]): void {
  for (const child of element.children) {
    const type = child.attrs.type;
    if (child.name === 'admin' && !ADMIN_TYPES.includes(type ?? '')) v.push(`${where}: admin type "${type}" is not TBX-Basic`);
    if (child.name === 'descrip') {
      if (!DESCRIP_TYPES.includes(type ?? '')) v.push(`${where}: descrip type "${type}" is not TBX-Basic`);
      if (type === 'subjectField' && level !== 'conceptEntry') v.push(`${where}: subjectField only at conceptEntry level`);
      if (type === 'definition' && level === 'termSec') v.push(`${where}: definition only at conceptEntry or langSec level`);
      if (type === 'context' && level !== 'termSec') v.push(`${where}: context only at termSec level`);
    }
    if (child.name === 'termNote') {
      if (level !== 'termSec') v.push(`${where}: termNote only in termSec`);
      if (!TERMNOTE_TYPES.includes(type ?? '')) v.push(`${where}: termNote type "${type}" is not TBX-Basic`);
      if (type === 'administrativeStatus' && !STATUSES.includes(child.text.trim())) v.push(`${where}: administrativeStatus "${child.text}" is not in the picklist`);
      if (type === 'partOfSpeech' && !PARTS_OF_SPEECH.includes(child.text.trim())) v.push(`${where}: partOfSpeech "${child.text}" is not in the picklist`);
    }
    if (child.attrs.type === '') v.push(`${where}: empty type attribute`);
  }
}

function checkChildren(element: El, allowed: readonly string[], where: string, v: string[]): void {
  for (const child of element.children) if (!allowed.includes(child.name)) v.push(`${where}: <${child.name}> is not allowed in <${element.name}>`);
}

function only(parent: El, name: string, v: string[], where: string): El | undefined {
  const found = kids(parent, name);
  if (found.length !== 1) v.push(`${where} must hold exactly one <${name}>, holds ${found.length}`);
  return found[0];
}

function kids(parent: El, name: string): El[] {
  return parent.children.filter((c) => c.name === name);
}

function toElements(nodes: unknown[]): El[] {
  const out: El[] = [];
  for (const node of nodes as Record<string, unknown>[]) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (name === undefined || name === '#text') continue;
    const content = (node[name] ?? []) as unknown[];
    const children = toElements(content);
    const text = (content as Record<string, unknown>[]).map((c) => ('#text' in c ? String(c['#text']) : '')).join('');
    out.push({ name, attrs: (node[':@'] ?? {}) as Record<string, string>, children, text });
  }
  return out;
}
