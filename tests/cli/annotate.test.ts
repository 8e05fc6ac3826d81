import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_CONTEXT, MEDIA_FRAGMENTS_SPEC, type WebAnnotation, WebAnnotationSchema } from '../../src/domain/annotation.ts';
import {
  type DocumentFailure,
  DocumentFailureSchema,
  type DocumentResult,
  DocumentResultSchema,
} from '../../src/domain/document-result.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { BAD_INPUT_CODES, type BadInputName, makeBadInputs } from '../fixtures/make-bad-inputs.ts';
import { type CliRun, codePoints, makeTempDir, outputLines, runCli, sha256File, STACK_LINE } from './helpers/run-cli.ts';
import { groundTruth, hitTraps, matchExpected, type Sample, sample, samplePath } from './helpers/samples.ts';

/**
 * `termlens annotate` end to end on real screenshots, against the contract in DESIGN.md
 * ("Contracts other tools rely on"). OCR is the slow part, so each output format is produced
 * by one run over all inputs and shared by the assertions below.
 */

const SAMPLES: Sample[] = [
  sample('01-'), // simplified, dark nav bar carrying hits
  sample('04-'), // simplified, government page
  sample('06-'), // traditional, Taiwanese news
  sample('17-'), // traditional, JPEG, with a trap
];

/**
 * Measured on these four samples: every expected hit found (recall 1.00 each); CER 0.016–0.042.
 * The thresholds leave room for one miss per sample and a little OCR drift, no more.
 */
const MIN_RECALL_PER_SAMPLE = 0.85;
const MIN_RECALL_OVERALL = 0.9;
const MAX_CER = 0.08;

/** annotate reads PDFs (tests/cli/annotate-documents.test.ts): the "unsupported" PDF of the shared bad inputs has no pages. */
const CODES: Record<BadInputName, string> = { ...BAD_INPUT_CODES, unsupportedFormat: 'PDF_EMPTY' };

type Input = { kind: 'sample'; path: string; sample: Sample } | { kind: 'bad'; path: string; name: BadInputName };

let tempDir: string;
let inputs: Input[];
let jsonl: CliRun;
let table: CliRun;
let lines: unknown[];

const HAN_SPACE_HAN = /\p{Script=Han}[ \t\u00a0\u3000]+\p{Script=Han}/u;

beforeAll(async () => {
  tempDir = await makeTempDir('termlens-cli-annotate-');
  const bad = await makeBadInputs(tempDir);
  const badInput = (name: BadInputName): Input => ({ kind: 'bad', path: bad[name], name });
  const good = SAMPLES.map((s): Input => ({ kind: 'sample', path: samplePath(s), sample: s }));
  // Bad inputs between good ones: a failure must not stop the run or shift later lines.
  inputs = [
    good[0]!,
    badInput('zeroByte'),
    good[1]!,
    badInput('truncatedPng'),
    badInput('textNamedPng'),
    good[2]!,
    badInput('hugePng'),
    badInput('unsupportedFormat'),
    good[3]!,
    badInput('unreadablePath'),
    badInput('missingFile'),
  ];
  const paths = inputs.map((i) => i.path);
  [jsonl, table] = await Promise.all([
    runCli(['annotate', '--format', 'jsonl', ...paths], { timeoutMs: 220_000 }),
    runCli(['annotate', ...paths], { timeoutMs: 220_000 }),
  ]);
  lines = outputLines(jsonl.stdout).map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
}, 240_000);

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

function resultFor(s: Sample): DocumentResult {
  const index = inputs.findIndex((i) => i.kind === 'sample' && i.sample === s);
  return DocumentResultSchema.parse(lines[index]);
}

function selectorsOf(annotation: WebAnnotation) {
  const all = annotation.target.flatMap((t) => t.selector);
  const quote = all.find((s) => s.type === 'TextQuoteSelector');
  const position = all.find((s) => s.type === 'TextPositionSelector');
  const fragment = all.find((s) => s.type === 'FragmentSelector');
  return { quote, position, fragment };
}

describe('annotate --format jsonl', () => {
  it('prints exactly one JSON line per input, in input order, and exits 1 because some failed', () => {
    expect(jsonl.code, jsonl.stderr).toBe(1);
    expect(lines).toHaveLength(inputs.length);
    lines.forEach((line, i) => {
      expect((line as { source?: { path?: string } }).source?.path, `line ${i + 1}`).toBe(inputs[i]!.path);
    });
  });

  it('keeps stack traces off stderr', () => {
    expect(jsonl.stderr).not.toMatch(STACK_LINE);
    expect(table.stderr).not.toMatch(STACK_LINE);
  });

  it('answers every bad input with {source:{path}, error:{code, message}} naming the file', () => {
    inputs.forEach((input, i) => {
      if (input.kind !== 'bad') return;
      const failure: DocumentFailure = DocumentFailureSchema.parse(lines[i]);
      expect(Object.keys(lines[i] as object).sort(), input.name).toEqual(['error', 'source']);
      expect(failure.source.path).toBe(input.path);
      expect(failure.error.code, input.name).toBe(CODES[input.name]);
      expect(failure.error.message, input.name).toContain(input.path);
    });
  });

  describe.each(SAMPLES.map((s) => [s.file, s] as const))('%s', (_file, s) => {
    it('parses as a DocumentResult whose source matches the file', async () => {
      const result = resultFor(s);
      expect(result.source.path).toBe(samplePath(s));
      expect(result.source.sha256).toBe(await sha256File(samplePath(s)));
      expect(result.source.bytes).toBe(s.bytes);
      expect(result.source.width).toBe(s.width);
      expect(result.source.height).toBe(s.height);
      expect(result.source.mediaType).toBe(s.file.endsWith('.jpg') ? 'image/jpeg' : 'image/png');
    });

    it("reports the manifest's script", () => {
      expect(resultFor(s).script).toBe(s.script);
    });

    it('has OCR text without spaces between Chinese characters, close to the ground truth', () => {
      const { text } = resultFor(s);
      expect(text).not.toMatch(HAN_SPACE_HAN);
      expect(charErrorRate(text, groundTruth(s))).toBeLessThanOrEqual(MAX_CER);
    });

    it('names the OCR engine, languages and mean confidence', () => {
      const { ocr } = resultFor(s);
      expect(ocr).toBeDefined();
      expect(ocr!.engine).not.toBe('');
      expect(ocr!.languages.length).toBeGreaterThan(0);
      expect(ocr!.meanConfidence).toBeGreaterThan(0);
      expect(ocr!.meanConfidence).toBeLessThanOrEqual(100);
    });

    it('gives every hit code point offsets onto its matched text and a box inside the image', () => {
      const result = resultFor(s);
      const chars = codePoints(result.text);
      expect(result.hits.length).toBeGreaterThan(0);
      for (const hit of result.hits) {
        expect(hit.term, JSON.stringify(hit)).not.toBe('');
        expect(hit.english, JSON.stringify(hit)).not.toBe('');
        expect(['exact', 'variant', 'fuzzy', 'possible']).toContain(hit.kind);
        expect(hit.confidence).toBeGreaterThan(0);
        expect(hit.end).toBeGreaterThan(hit.start);
        expect(chars.slice(hit.start, hit.end).join(''), JSON.stringify(hit)).toBe(hit.matched);
        expect(hit.bbox, JSON.stringify(hit)).toBeDefined();
        const { x, y, w, h } = hit.bbox!;
        expect(w > 0 && h > 0, JSON.stringify(hit)).toBe(true);
        expect(x + w <= s.width && y + h <= s.height, JSON.stringify(hit)).toBe(true);
      }
    });

    it('records the blocks of its text in reading order: code point spans covering every character, boxes on the image', () => {
      const result = resultFor(s);
      const chars = codePoints(result.text);
      expect(result.blocks?.length).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const block of result.blocks!) {
        expect(block.start).toBeGreaterThanOrEqual(previousEnd);
        expect(block.end).toBeGreaterThan(block.start);
        expect(block.end).toBeLessThanOrEqual(chars.length);
        const { x, y, w, h } = block.bbox;
        expect(w > 0 && h > 0 && x + w <= s.width && y + h <= s.height, JSON.stringify(block)).toBe(true);
        previousEnd = block.end;
      }
      const covered = new Set(result.blocks!.flatMap((b) => Array.from({ length: b.end - b.start }, (_, k) => b.start + k)));
      chars.forEach((ch, i) => {
        if (ch !== '\n') expect(covered.has(i), `character ${i} ${ch} in no block`).toBe(true);
      });
    });

    it('finds the expected glossary terms where the manifest puts them', () => {
      const { found, missing } = matchExpected(s, resultFor(s).hits);
      const recall = found.length / s.expected.length;
      expect(recall, `missing: ${missing.map((m) => `${m.term}@${m.start}`).join(', ')}`).toBeGreaterThanOrEqual(
        MIN_RECALL_PER_SAMPLE,
      );
    });

    it("reports no hit on the manifest's traps", () => {
      const trapped = hitTraps(s, resultFor(s).hits);
      expect(trapped.map((t) => `${t.term} in "${t.text}": ${t.why}`)).toEqual([]);
    });

    it('turns each hit into a W3C Web Annotation with quote, position and image-region selectors', () => {
      const result = resultFor(s);
      const chars = codePoints(result.text);
      expect(result.annotations).toHaveLength(result.hits.length);
      result.hits.forEach((hit, i) => {
        const annotation = WebAnnotationSchema.parse(result.annotations[i]);
        expect(annotation['@context']).toBe(ANNOTATION_CONTEXT);
        expect(annotation.type).toBe('Annotation');
        // A possible hit is a question (is the term here, misread?), every other hit a tag.
        expect(annotation.motivation).toBe(hit.kind === 'possible' ? 'questioning' : 'tagging');
        const { quote, position, fragment } = selectorsOf(annotation);
        expect(quote?.exact).toBe(hit.matched);
        expect(quote?.prefix).toBe(chars.slice(hit.start - codePoints(quote!.prefix).length, hit.start).join(''));
        expect(quote?.suffix).toBe(chars.slice(hit.end, hit.end + codePoints(quote!.suffix).length).join(''));
        expect(position).toMatchObject({ start: hit.start, end: hit.end });
        expect(fragment?.conformsTo).toBe(MEDIA_FRAGMENTS_SPEC);
        const { x, y, w, h } = hit.bbox!;
        expect(fragment?.value).toBe(`xywh=pixel:${x},${y},${w},${h}`);
        // The body points at the glossary entry and carries its English rendering.
        const bodySources = annotation.body.flatMap((b) => (b.type === 'SpecificResource' ? [b.source] : []));
        expect(bodySources.some((src) => src.endsWith(`:${hit.entryId}`)), JSON.stringify(annotation.body)).toBe(true);
        const english = annotation.body.flatMap((b) => (b.type === 'TextualBody' && b.language === 'en' ? [b.value] : []));
        expect(english).toContain(hit.english);
      });
    });
  });

  it('finds nearly all expected terms over the four samples together', () => {
    let found = 0;
    let total = 0;
    for (const s of SAMPLES) {
      found += matchExpected(s, resultFor(s).hits).found.length;
      total += s.expected.length;
    }
    expect(found / total).toBeGreaterThanOrEqual(MIN_RECALL_OVERALL);
  });
});

describe('progress', () => {
  it('shows one line per file on stderr when it is not a terminal, in input order, with a summary', () => {
    const progress = jsonl.stderr.split('\n').filter((line) => /^\[\d+\/\d+\]/.test(line));
    expect(progress).toEqual(
      inputs.map((input, i) => `[${i + 1}/${inputs.length}] ${input.kind === 'bad' ? 'failed' : 'done'}: ${input.path}`),
    );
    const failed = inputs.filter((i) => i.kind === 'bad').length;
    expect(jsonl.stderr).toMatch(new RegExp(`^${inputs.length} files in [\\d.]+s, ${failed} failed$`, 'm'));
  });

  it('leaves stdout pure JSONL: every line is one JSON object, nothing else', () => {
    for (const line of outputLines(jsonl.stdout)) {
      expect(line.startsWith('{') && line.endsWith('}'), line.slice(0, 80)).toBe(true);
    }
    expect(jsonl.stdout).not.toMatch(/^\[\d+\/\d+\]/m);
  });
});

describe('annotate (default table format)', () => {
  /** The block of stdout that belongs to one file: its heading line up to the next file's heading. */
  function blockFor(path: string): string {
    const start = table.stdout.indexOf(`${path}: `);
    if (start < 0) return '';
    const headings = inputs.map((i) => table.stdout.indexOf(`${i.path}: `, start + 1)).filter((at) => at > start);
    return table.stdout.slice(start, headings.length > 0 ? Math.min(...headings) : undefined);
  }

  /** Rows of a cli-table3 box table, each cell's wrapped pieces joined (Chinese wraps without spaces). */
  function tableRows(block: string): string[][] {
    const rows: string[][] = [];
    let current: string[] | null = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('├') || line.startsWith('└')) {
        if (current) rows.push(current);
        current = null;
      } else if (line.startsWith('│')) {
        const cells = line.split('│').slice(1, -1).map((c) => c.trim());
        current = current ? current.map((c, i) => c + (cells[i] ?? '')) : cells;
      }
    }
    return rows;
  }

  it('exits 1 because some files failed', () => {
    expect(table.code, table.stderr).toBe(1);
  });

  it.each(SAMPLES.map((s) => [s.file, s] as const))('names %s, its script and every hit term in full', (_file, s) => {
    const result = resultFor(s);
    const block = blockFor(samplePath(s));
    expect(block, table.stdout.slice(0, 500)).toMatch(new RegExp(`^.*: ${s.script}, \\d+ hits?`));
    const [head, ...rows] = tableRows(block);
    expect(head).toEqual(['term', 'english', 'found', 'kind', 'context']);
    const terms = rows.map((r) => r[0]);
    // The table may come from a different OCR run than the JSONL; it must list the same hits.
    expect(terms.sort()).toEqual(result.hits.map((h) => h.term).sort());
    for (const row of rows) {
      expect(row[0]).not.toContain('…');
      expect(row[2]).not.toContain('…');
      // The context shows the whole hit, marked.
      expect(row[4]).toContain(`【${row[2]}】`);
    }
  });

  it('names every failed file with its error code, and keeps errors off stdout', () => {
    inputs.forEach((input) => {
      if (input.kind !== 'bad') return;
      expect(table.stderr).toContain(`${input.path}: error ${CODES[input.name]}`);
      expect(table.stdout).not.toContain(input.path);
    });
  });
});
