import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hit } from '../../src/domain/hit.ts';
import { analyseText } from '../../src/pipeline/analyse-text.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';

/**
 * The text pipeline (script → segment → tag) on each sample's ground truth, checked against the
 * hand-reviewed hits in samples/manifest.json. With no OCR in between, every difference is the
 * matcher's: a reviewed hit it misses, a hit the review did not accept, or a trap it falls into.
 * When this fails, fix the matcher (or review the sample again), never the expectation.
 */

const SAMPLES_DIR = path.resolve(import.meta.dirname, '..', '..', 'samples');

type Span = { term: string; entryId: string; matched: string; start: number; end: number };
type Trap = Span & { text: string; why: string };
type Sample = { file: string; text: string; expected: Span[]; traps: Trap[] };

const samples = (
  JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as { samples: Sample[] }
).samples;

let ctx: TextContext;
beforeAll(async () => {
  ctx = await createTextContext();
});

/** A hit as one readable line: entry, term, where, and the text around it (⏎ for a line break). */
function describeSpan(cps: readonly string[], h: Pick<Span, 'term' | 'entryId' | 'start' | 'end'>, extra = ''): string {
  const show = (from: number, to: number) => cps.slice(Math.max(0, from), to).join('').replaceAll('\n', '⏎');
  const context = `${show(h.start - 6, h.start)}[${show(h.start, h.end)}]${show(h.end, h.end + 6)}`;
  return `${h.term} (${h.entryId}) @${h.start}-${h.end} ${context}${extra}`;
}

const key = (h: Pick<Span, 'entryId' | 'start' | 'end'>) => `${h.entryId}@${h.start}-${h.end}`;

describe('tagging the samples’ ground truth', () => {
  it.each(samples.map((s) => [s.file, s] as const))('%s: finds exactly the reviewed hits', (_f, s) => {
    const text = readFileSync(path.join(SAMPLES_DIR, s.text), 'utf8');
    const cps = [...text];
    const hits: Hit[] = analyseText(text, ctx.glossary, ctx.segmenter).hits;
    const found = new Set(hits.map(key));
    const wanted = new Set(s.expected.map(key));
    const missed = s.expected.filter((h) => !found.has(key(h))).map((h) => describeSpan(cps, h));
    const unexpected = hits.filter((h) => !wanted.has(key(h))).map((h) => describeSpan(cps, h, ` ${h.kind}: ${h.form}`));
    expect({ missed, unexpected }).toEqual({ missed: [], unexpected: [] });
    // Same spans, so the same surface text; the canonical term is the entry's.
    for (const h of hits) {
      const e = s.expected.find((x) => key(x) === key(h));
      if (e) expect(`${h.term}=${h.matched}`).toBe(`${e.term}=${e.matched}`);
    }
  });

  it.each(samples.filter((s) => s.traps.length).map((s) => [s.file, s] as const))('%s: falls into no trap', (_f, s) => {
    const text = readFileSync(path.join(SAMPLES_DIR, s.text), 'utf8');
    const cps = [...text];
    const hits = analyseText(text, ctx.glossary, ctx.segmenter).hits;
    const wanted = new Set(s.expected.map(key));
    // A reviewed hit on another entry may share characters with a trap (华侨 in 华侨|团结 beside
    // the 侨团 trap); any other hit touching a trap is the mistake the trap is there to catch.
    const caught = s.traps.flatMap((t) =>
      hits
        .filter((h) => h.start < t.end && t.start < h.end && (h.entryId === t.entryId || !wanted.has(key(h))))
        .map((h) => `${describeSpan(cps, h)} in trap ${t.text.replaceAll('\n', '⏎')}: ${t.why}`),
    );
    expect(caught).toEqual([]);
  });
});
