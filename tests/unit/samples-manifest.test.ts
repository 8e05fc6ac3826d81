import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';

/**
 * samples/ is the ground truth every OCR and tagging benchmark is scored against, so its
 * manifest must agree with the files byte for byte: code-point offsets, image sizes, boxes.
 */

const SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');
const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Located {
  start: number;
  end: number;
  bbox: Box;
  boxes: Box[];
}
interface Expected extends Located {
  term: string;
  matched: string;
  zone: string;
  nested?: { term: string; matched: string; start: number; end: number }[];
}
interface Trap extends Located {
  term: string;
  text: string;
  why: string;
}
interface Sample {
  file: string;
  text: string;
  script: 'simplified' | 'traditional';
  layout: string;
  font: string;
  fontKind: string;
  fontSizePx: number;
  deviceScaleFactor: number;
  viewport: { width: number; height: number };
  features: string[];
  width: number;
  height: number;
  bytes: number;
  passageChars: number;
  source: string;
  expected: Expected[];
  traps: Trap[];
}

const manifest = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as {
  samples: Sample[];
};
const samples = manifest.samples;

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
      const flat = h.matched.replaceAll('\n', '');
      expect([h.term, toTaiwan(h.term)], `${s.file} ${h.matched}`).toContain(flat);
      if (s.script === 'simplified') expect(flat).toBe(h.term);
      for (const n of h.nested ?? []) {
        expect(cps.slice(n.start, n.end).join('')).toBe(n.matched);
        expect(n.start >= h.start && n.end <= h.end).toBe(true);
      }
    }
    for (const t of s.traps) {
      expect(cps.slice(t.start, t.end).join(''), `${s.file} trap`).toBe(t.text);
      expect(t.why.length).toBeGreaterThan(0);
      expect(s.expected.some((h) => h.start === t.start && h.end === t.end)).toBe(false);
    }
  });

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
    expect(traps.some((t) => t.text.includes('\n'))).toBe(true);
  });
});
