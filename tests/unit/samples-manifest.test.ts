import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Glossary, GlossaryEntry } from '../../src/domain/glossary.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { simplifyChar } from '../../src/script/han-script.ts';
import { loadManifestSync, SAMPLES_DIR, type ExpectedHit as Expected, type Sample, type Trap } from '../../scripts/samples-manifest.ts';
import type { Box } from '../../src/domain/geometry.ts';

/**
 * samples/ is the ground truth every OCR and tagging benchmark is scored against, so its
 * manifest must agree with the files byte for byte (code-point offsets, image sizes, boxes) and
 * with the glossary: its expected hits are every glossary form in the text, longest first,
 * hand-reviewed traps aside (see samples/README.md).
 */

const GLOSSARY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../glossary');

const samples = loadManifestSync();

function groundTruth(s: Sample): string {
  return readFileSync(path.join(SAMPLES_DIR, s.text), 'utf8');
}

function inside(b: Box, s: Sample): boolean {
  return (
    Number.isInteger(b.x) &&
    Number.isInteger(b.y) &&
    b.x >= 0 &&
    b.y >= 0 &&
    b.w > 0 &&
    b.h > 0 &&
    b.x + b.w <= s.width &&
    b.y + b.h <= s.height
  );
}

function contains(outer: Box, b: Box): boolean {
  return b.x >= outer.x && b.y >= outer.y && b.x + b.w <= outer.x + outer.w && b.y + b.h <= outer.y + outer.h;
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const HAN = /\p{Script=Han}/u;

let glossary: Glossary;
let entries: Map<string, GlossaryEntry>;
beforeAll(async () => {
  glossary = await loadGlossary(GLOSSARY_DIR);
  entries = new Map(glossary.entries.map((e) => [e.id, e]));
});

const formsOf = (entryId: string): string[] => glossary.forms.filter((f) => f.entryId === entryId).map((f) => f.form);

/**
 * Every occurrence of a glossary form in the text, matched on the simplified fold of each code
 * point, with line breaks that touch a Han character taken out (a wrapped term still counts).
 */
function occurrences(text: string): { entryId: string; start: number; end: number; length: number }[] {
  const cps = [...text];
  const kept = cps.flatMap((ch, i) => {
    if (ch !== '\n') return [i];
    return HAN.test(cps[i - 1] ?? '') || HAN.test(cps[i + 1] ?? '') ? [] : [i];
  });
  const folded = kept.map((i) => simplifyChar(cps[i] as string));
  const out: { entryId: string; start: number; end: number; length: number }[] = [];
  for (const form of glossary.forms) {
    const needle = [...form.simplified];
    outer: for (let at = 0; at + needle.length <= folded.length; at++) {
      for (let j = 0; j < needle.length; j++) if (folded[at + j] !== needle[j]) continue outer;
      const start = kept[at] as number;
      const end = (kept[at + needle.length - 1] as number) + 1;
      if (!out.some((o) => o.start === start && o.end === end)) out.push({ entryId: form.entryId, start, end, length: needle.length });
    }
  }
  return out;
}

/** The expected hits the manifest should hold: occurrences outside traps, longest then earliest first. */
function expectedFromGlossary(text: string, traps: readonly Trap[]): string[] {
  const free = occurrences(text).filter((o) => !traps.some((t) => t.start <= o.start && o.end <= t.end));
  free.sort((a, b) => b.length - a.length || a.start - b.start);
  const chosen: typeof free = [];
  for (const o of free) if (!chosen.some((c) => c.start < o.end && o.start < c.end)) chosen.push(o);
  return chosen.sort((a, b) => a.start - b.start).map((o) => `${o.entryId}@${o.start}-${o.end}`);
}

describe('samples/manifest.json', () => {
  it('covers the required mix of scripts, layouts and capture settings', () => {
    expect(samples.length).toBeGreaterThanOrEqual(24);
    expect(samples.filter((s) => s.script === 'traditional').length).toBeGreaterThanOrEqual(8);
    expect(samples.filter((s) => s.features.includes('dark-nav')).length).toBeGreaterThanOrEqual(3);
    expect(samples.filter((s) => s.features.includes('jpeg')).length).toBeGreaterThanOrEqual(2);
    expect(samples.filter((s) => s.features.includes('low-contrast')).length).toBeGreaterThanOrEqual(2);
    expect(samples.filter((s) => s.features.includes('wrap')).length).toBeGreaterThanOrEqual(2);
    expect(new Set(samples.map((s) => s.deviceScaleFactor))).toEqual(new Set([1, 2, 3]));
    expect(new Set(samples.map((s) => s.fontKind))).toEqual(new Set(['sans', 'serif', 'kai', 'ming']));
    for (const s of samples) {
      expect(s.fontSizePx).toBeGreaterThanOrEqual(13);
      expect(s.fontSizePx).toBeLessThanOrEqual(18);
      expect(s.passageChars, s.file).toBeGreaterThanOrEqual(60);
      expect(s.passageChars, s.file).toBeLessThanOrEqual(250);
    }
  });

  it('has dark-nav samples whose navigation bar carries a hit', () => {
    for (const s of samples.filter((x) => x.features.includes('dark-nav'))) {
      expect(s.expected.some((h) => h.zone === 'nav'), s.file).toBe(true);
    }
  });

  it('stays small', () => {
    let total = 0;
    for (const s of samples) {
      const bytes = statSync(path.join(SAMPLES_DIR, s.file)).size;
      expect(bytes, s.file).toBe(s.bytes);
      expect(bytes, s.file).toBeLessThanOrEqual(320 * 1024);
      total += bytes;
    }
    expect(total).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s: image exists with the recorded size and type', (_f, s) => {
    const file = path.join(SAMPLES_DIR, s.file);
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    const dim = imageSize(bytes);
    expect(dim.width).toBe(s.width);
    expect(dim.height).toBe(s.height);
    expect(dim.type).toBe(s.file.endsWith('.jpg') ? 'jpg' : 'png');
    expect(s.features.includes('jpeg')).toBe(s.file.endsWith('.jpg'));
    // Content is cropped to the page, which is exactly viewport width × device scale factor.
    expect(s.width).toBe(s.viewport.width * s.deviceScaleFactor);
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s: offsets are code points into the ground truth', (_f, s) => {
    const text = groundTruth(s);
    const cps = [...text];
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/^\s|\s$/);
    expect(text).not.toMatch(/\n\n/);
    // No spaces between Chinese characters, as in termlens's own cleaned OCR text.
    for (let i = 1; i + 1 < cps.length; i++) {
      if (cps[i] === ' ') expect(CJK.test(cps[i - 1] as string) && CJK.test(cps[i + 1] as string), `${s.file}@${i}`).toBe(false);
    }
    expect(s.expected.length).toBeGreaterThan(0);
    for (const h of s.expected) {
      expect(cps.slice(h.start, h.end).join(''), `${s.file} ${h.term}`).toBe(h.matched);
      for (const n of h.nested ?? []) {
        expect(cps.slice(n.start, n.end).join('')).toBe(n.matched);
        expect(n.start >= h.start && n.end <= h.end && n.end - n.start < h.end - h.start, `${s.file} ${n.term}`).toBe(true);
      }
    }
    for (const t of s.traps) {
      expect(cps.slice(t.start, t.end).join(''), `${s.file} trap`).toBe(t.text);
      expect(t.why.length).toBeGreaterThan(0);
    }
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s: every hit names its glossary entry by its canonical term', (_f, s) => {
    for (const h of s.expected) {
      const entry = entries.get(h.entryId);
      expect(entry, `${s.file} ${h.entryId}`).toBeDefined();
      expect(h.term, `${s.file} ${h.matched}`).toBe(entry?.term);
      // The text holds one of the entry's surface forms (a simplified page its simplified forms).
      const flat = h.matched.replaceAll('\n', '');
      expect(formsOf(h.entryId), `${s.file} ${h.matched}`).toContain(flat);
      if (s.script === 'simplified') expect([...flat].every((ch) => simplifyChar(ch) === ch), `${s.file} ${flat}`).toBe(true);
      for (const n of h.nested ?? []) {
        expect(n.term, `${s.file} nested ${n.matched}`).toBe(entries.get(n.entryId)?.term);
      }
    }
    for (const t of s.traps) {
      expect(t.term, `${s.file} trap ${t.text}`).toBe(entries.get(t.entryId)?.term);
    }
  });

  it.each(samples.map((s) => [s.file, s] as const))(
    '%s: expected hits are every glossary form in the text, longest first, traps aside',
    (_f, s) => {
      // Fails when the glossary or a passage changed since the render: re-render, review, update.
      const recorded = s.expected.map((h) => `${h.entryId}@${h.start}-${h.end}`);
      expect(recorded).toEqual(expectedFromGlossary(groundTruth(s), s.traps));
      for (let i = 1; i < s.expected.length; i++) {
        expect((s.expected[i] as Expected).start).toBeGreaterThanOrEqual((s.expected[i - 1] as Expected).end);
      }
      for (const t of s.traps) {
        // A trap may share characters with a hit on another entry (华侨 beside 侨|团结), never its own.
        const clash = s.expected.filter((h) => h.start < t.end && t.start < h.end && (h.entryId === t.entryId || (h.start === t.start && h.end === t.end)));
        expect(clash, `${s.file} trap ${t.text}`).toEqual([]);
      }
    },
  );

  it.each(samples.map((s) => [s.file, s] as const))('%s: every box lies inside the image', (_f, s) => {
    for (const h of [...s.expected, ...s.traps]) {
      expect(inside(h.bbox, s), `${s.file} ${JSON.stringify(h.bbox)}`).toBe(true);
      expect(h.boxes.length).toBeGreaterThan(0);
      for (const b of h.boxes) {
        expect(inside(b, s)).toBe(true);
        expect(contains(h.bbox, b)).toBe(true);
      }
      // One box per visual line the term spans.
      const text = 'matched' in h ? h.matched : h.text;
      expect(h.boxes.length).toBe(text.split('\n').length);
    }
  });

  it('exercises offsets beyond the BMP: an astral character precedes a hit', () => {
    const astral = samples.filter((s) => s.features.includes('astral'));
    expect(astral.length).toBeGreaterThan(0);
    for (const s of astral) {
      const text = groundTruth(s);
      const cps = [...text];
      const firstAstral = cps.findIndex((c) => (c.codePointAt(0) ?? 0) > 0xffff);
      const later = s.expected.filter((h) => h.start > firstAstral);
      expect(later.length).toBeGreaterThan(0);
      // A UTF-16 slice at the same numbers would be off by one.
      const h = later[0] as Expected;
      expect(text.slice(h.start, h.end)).not.toBe(h.matched);
    }
  });

  it('marks the glossary terms the set is meant to exercise, each several times', () => {
    const counts = new Map<string, number>();
    for (const s of samples) for (const h of s.expected) counts.set(h.term, (counts.get(h.term) ?? 0) + 1);
    const required = '警侨驿站 聘请 劝返 猎狐 天网 警侨联动 警侨之家 海外联络员 海外联络点 海外联络站 侨领 侨团 统战部 授牌 海外110 追逃追赃 维稳 中央纪委 走出去 以侨治侨';
    for (const term of required.split(' ')) expect(counts.get(term) ?? 0, term).toBeGreaterThanOrEqual(3);
  });

  it('records the deliberate traps', () => {
    const traps = samples.flatMap((s) => s.traps.map((t) => ({ ...t, script: s.script })));
    const has = (term: string, pred: (t: (typeof traps)[number]) => boolean) =>
      traps.some((t) => t.term === term && pred(t));
    expect(has('聘请', (t) => t.why.includes('招聘'))).toBe(true);
    expect(has('警侨驿站', (t) => t.text.replaceAll('\n', '') === '菜鸟驿站')).toBe(true);
    expect(has('走出去', (t) => t.why.includes('去年'))).toBe(true);
    expect(has('侨团', (t) => t.text.includes('\n'))).toBe(true);
    expect(has('海外110', (t) => t.why.includes('110余万'))).toBe(true);
    expect(has('猎狐', (t) => t.why.includes('猎狐犬'))).toBe(true);
    // 为侨办实事 is a glossary slogan of its own, so longest-match keeps its 侨办 from being read as the office.
    expect(samples.some((s) => s.expected.some((h) => h.term === '为侨办实事' && h.nested?.some((n) => n.matched === '侨办')))).toBe(true);
  });
});
