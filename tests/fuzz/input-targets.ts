import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { IMAGE_FORMATS } from '../../src/domain/source.ts';
import { InputError } from '../../src/errors.ts';
import { decodeUtf8, isProblem } from '../../src/glossary/interchange/decode-utf8.ts';
import { readDelimited } from '../../src/glossary/interchange/csv-import.ts';
import { exportDelimited } from '../../src/glossary/interchange/csv-export.ts';
import { exportTbx } from '../../src/glossary/interchange/tbx-export.ts';
import { readTbx } from '../../src/glossary/interchange/tbx-import.ts';
import { checkEntries } from '../../src/glossary/check-glossary.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { parseGlossaryText } from '../../src/glossary/read-glossary-files.ts';
import { isBatchInputFailure } from '../../src/input/batch-input-item.ts';
import { checkImageContent } from '../../src/input/check-image-content.ts';
import { enumerateBatchInput } from '../../src/input/enumerate-batch-input.ts';
import { describeContent, detectType } from '../../src/files/describe-content.ts';
import { ingestImageData } from '../../src/stages/ingest-image.ts';
import type { GlossaryProblem } from '../../src/domain/glossary.ts';
import { buildZip, S_IFDIR } from '../fixtures/make-zips.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';
import { mutatedBytes, textInput } from './arbitraries.ts';

/**
 * The readers of outside input, each as a property: whatever the bytes, the reader ends (no
 * hang: fast-check's per-run timeout), throws nothing but a coded InputError, and reports every
 * problem with a code or a located message. A run that breaks a property is a finding.
 */

export type OpenedTarget = { property: fc.IAsyncProperty<[unknown]>; dispose(): Promise<void> };

export type FuzzTarget = {
  name: string;
  /** Runs in the test suite: a few seconds' worth. */
  suiteRuns: number;
  /** Share of a fuzzing budget (scripts/fuzz.ts), by how cheap a run is. */
  weight: number;
  open(): Promise<OpenedTarget>;
};

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const CODE = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;

export class Finding extends Error {}

function expectCoded(error: unknown, where: string): void {
  if (!(error instanceof InputError)) {
    throw new Finding(`${where}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} instead of a coded InputError`, {
      cause: error,
    });
  }
  if (!CODE.test(error.code) || error.message.trim() === '') throw new Finding(`${where}: InputError without a code or message: ${error.code}`);
}

function expectProblems(problems: readonly GlossaryProblem[], where: string): void {
  for (const problem of problems) {
    if (typeof problem.message !== 'string' || problem.message.trim() === '' || typeof problem.file !== 'string') {
      throw new Finding(`${where}: a problem without a message: ${JSON.stringify(problem)}`);
    }
    if (problem.line !== undefined && (!Number.isInteger(problem.line) || problem.line < 1)) {
      throw new Finding(`${where}: a problem at line ${String(problem.line)}`);
    }
  }
}

async function tinyImages(): Promise<Buffer[]> {
  const base = sharp({ create: { width: 12, height: 9, channels: 3, background: { r: 200, g: 30, b: 60 } } });
  const rgba = Buffer.alloc(12 * 9 * 4, 0);
  for (let i = 0; i < 12 * 9; i++) rgba.set([i * 7, 255 - i, i * 3, 255], i * 4);
  return [
    await base.clone().png().toBuffer(),
    await base.clone().png({ palette: true }).toBuffer(),
    await base.clone().jpeg({ quality: 50 }).toBuffer(),
    await base.clone().jpeg({ progressive: true }).toBuffer(),
    await base.clone().webp().toBuffer(),
    await base.clone().gif().toBuffer(),
    await base.clone().tiff().toBuffer(),
    encodeBmp(rgba, 12, 9),
    encodeBmp(rgba, 12, 9, { bitsPerPixel: 32, header: 'v5', topDown: true }),
    encodeBmp(new Uint8Array(12 * 9 * 4).fill(255), 12, 9, { bitsPerPixel: 1 }),
  ];
}

const IMAGE_LIMITS = { maxImagePixels: 4_000_000, maxImageBytes: 1024 * 1024 };

export const zipReader: FuzzTarget = {
  name: 'zip reader (enumerateBatchInput)',
  suiteRuns: 150,
  weight: 3,
  async open() {
    const images = await tinyImages();
    const seeds = [
      buildZip([{ name: 'a.png', data: images[0] }, { name: 'b.jpg', data: images[2], method: 0 }]),
      buildZip([{ name: 'dir/', unixMode: S_IFDIR | 0o755 }, { name: 'dir/截图.png', data: images[1], dataDescriptor: true }]),
      buildZip([{ name: Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x2e, 0x62, 0x6d, 0x70]), data: images[7] }, { name: 'c.gif', data: images[5] }]),
      buildZip([{ name: 'x.tif', data: images[6], uncompressedSize: 10 }, { name: 'e.webp', data: images[4], flags: 0x1 }]),
    ];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-fuzz-zip-'));
    const file = path.join(dir, 'input.zip');
    const limits = { maxEntries: 64, maxEntryBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxImagePixels: 4_000_000 };
    return {
      property: fc.asyncProperty(mutatedBytes(seeds), async (bytes) => {
        await writeFile(file, bytes);
        try {
          for await (const item of enumerateBatchInput(file, limits)) {
            if (isBatchInputFailure(item) && (!CODE.test(item.error.code) || !item.error.message)) {
              throw new Finding(`entry ${JSON.stringify(item.key)} failed without a code: ${JSON.stringify(item.error)}`);
            }
            if (!isBatchInputFailure(item) && item.format !== 'pdf' && !IMAGE_FORMATS.includes(item.format)) throw new Finding(`entry ${item.key} has format ${item.format}`);
          }
        } catch (error) {
          if (error instanceof Finding) throw error;
          expectCoded(error, 'enumerateBatchInput');
        }
      }) as fc.IAsyncProperty<[unknown]>,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

export const imageHeaders: FuzzTarget = {
  name: 'image header checks (checkImageContent, describeContent)',
  suiteRuns: 300,
  weight: 4,
  async open() {
    const seeds = await tinyImages();
    return {
      property: fc.asyncProperty(mutatedBytes(seeds), async (bytes) => {
        const described = describeContent(bytes, await detectType(bytes));
        if (typeof described !== 'string' || described === '') throw new Finding('describeContent said nothing');
        try {
          const format = await checkImageContent(bytes, 'fuzz.bin', { maxImagePixels: IMAGE_LIMITS.maxImagePixels, nestedArchiveCode: 'ZIP_ENTRY_NESTED_ARCHIVE' });
          if (format === 'pdf' || !IMAGE_FORMATS.includes(format)) throw new Finding(`format ${String(format)}`);
        } catch (error) {
          if (error instanceof Finding) throw error;
          expectCoded(error, 'checkImageContent');
        }
      }) as fc.IAsyncProperty<[unknown]>,
      dispose: async () => undefined,
    };
  },
};

export const imageIngest: FuzzTarget = {
  name: 'image ingest with full decode (ingestImageData: sharp, bmp-ts)',
  suiteRuns: 150,
  weight: 1,
  async open() {
    const seeds = await tinyImages();
    return {
      property: fc.asyncProperty(mutatedBytes(seeds), async (bytes) => {
        try {
          const { source } = await ingestImageData(bytes, 'fuzz.bin', IMAGE_LIMITS);
          if (!(source.width > 0 && source.height > 0) || source.width * source.height > IMAGE_LIMITS.maxImagePixels) {
            throw new Finding(`accepted an image of ${source.width}×${source.height}`);
          }
        } catch (error) {
          if (error instanceof Finding) throw error;
          expectCoded(error, 'ingestImageData');
        }
      }) as fc.IAsyncProperty<[unknown]>,
      dispose: async () => undefined,
    };
  },
};

const TBX_TOKENS = [
  '<?xml version="1.0" encoding="UTF-8"?>', '<tbx type="TBX-Basic" style="dct" xml:lang="zh-Hans" xmlns="urn:iso:std:iso:30042:ed-2">',
  '</tbx>', '<text>', '</text>', '<body>', '</body>', '<conceptEntry id="c1">', '<conceptEntry id="', '</conceptEntry>',
  '<langSec xml:lang="zh-Hans">', '<langSec xml:lang="en">', '<langSec xml:lang="zh-Hant">', '</langSec>', '<termSec>', '</termSec>',
  '<term>', '</term>', '<descrip type="definition">', '<descrip type="subjectField">', '</descrip>', '<note>', '</note>',
  '<termNote type="partOfSpeech">', '<termNote type="administrativeStatus">', '</termNote>', 'preferredTerm-admn-sts', 'deprecatedTerm-admn-sts',
  '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&lt;', '&#x4e2d;', '&#0;', '&#xD800;', '&undefined;', '&e1;',
  '<!DOCTYPE tbx [<!ENTITY e1 "警侨驿站警侨驿站">]>', '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
  '&c;', '&b;', '<!ENTITY x SYSTEM "file:///etc/passwd">', '&x;', '<?pi data?>', 'xml:lang=""', ' id=""', '/>', '<', '>', '="', '"',
];

const CSV_TOKENS = [
  'id,term,traditional,variants,english,category,note,source,pos,status', '\r\n', '\n', ',', '\t', '"', '""', '=HYPERLINK("x")', '+1', '-1', '@SUM(A1)',
  'jingqiao-yizhan', '警侨驿站', '警僑驛站', 'overseas police liaison station', 'organisation', '|', ';', '\uFEFF', 'preferred', 'deprecated', 'noun',
];

const YAML_TOKENS = [
  'entries:', '\n', '  - id: ', 'x', '    term: ', '    traditional: ', '    variants: [', ']', '    english: ', '    category: ', '    note: ', '    source: ',
  '    - ', ': ', '"', "'", '|', '>', '&anchor', '*anchor', '<<: *anchor', '!!binary', '!!str', '!custom', '---', '...', '%YAML 1.2', '{', '}', '[', '#',
  'null', '~', 'true', '1e999', '0x1F', '.nan', 'organisation', 'person', 'place', 'term', '警侨驿站', '聘请', '  ', '\t',
  // An alias bomb: each level refers to the one before it ten times.
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
];

async function glossarySeeds() {
  const glossary = await loadGlossary(path.join(REPO_ROOT, 'glossary'));
  // A slice of the real glossary keeps each run small; the whole of it is one more seed.
  const slice = { entries: glossary.entries.slice(0, 6), version: glossary.version };
  return { glossary, slice, yaml: await readFile(path.join(REPO_ROOT, 'glossary', 'terms.yaml'), 'utf8') };
}

function glossaryReader(
  name: string,
  suiteRuns: number,
  seedsOf: (seeds: Awaited<ReturnType<typeof glossarySeeds>>) => Promise<string[]>,
  tokens: readonly string[],
  read: (text: string) => GlossaryProblem[],
): FuzzTarget {
  return {
    name,
    suiteRuns,
    weight: 4,
    async open() {
      const seeds = await seedsOf(await glossarySeeds());
      const input = fc.oneof(
        textInput(seeds, tokens).map((text) => Buffer.from(text, 'utf8')),
        mutatedBytes(seeds.map((s) => Buffer.from(s, 'utf8'))),
      );
      return {
        property: fc.asyncProperty(input, async (bytes) => {
          const decoded = decodeUtf8(bytes, 'fuzz.txt');
          if (isProblem(decoded)) {
            expectProblems([decoded], 'decodeUtf8');
            return;
          }
          let problems: GlossaryProblem[];
          try {
            problems = read(decoded.text);
          } catch (error) {
            throw new Finding(`${name}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
          }
          expectProblems(problems, name);
        }) as fc.IAsyncProperty<[unknown]>,
        dispose: async () => undefined,
      };
    },
  };
}

export const tbxReader = glossaryReader(
  'TBX glossary reader (readTbx)',
  200,
  async ({ slice }) => [exportTbx(slice), await readFile(path.join(REPO_ROOT, 'tests', 'fixtures', 'tbx', 'memoq-export.tbx'), 'utf8')],
  TBX_TOKENS,
  (text) => readTbx(text, 'fuzz.tbx').problems,
);

export const csvReader = glossaryReader(
  'CSV/TSV glossary reader (readDelimited)',
  200,
  async ({ slice }) => [exportDelimited(slice, 'csv'), exportDelimited(slice, 'tsv')],
  CSV_TOKENS,
  (text) => [...readDelimited(text, 'fuzz.csv', 'csv').problems, ...readDelimited(text, 'fuzz.tsv', 'tsv').problems],
);

export const yamlReader = glossaryReader(
  'YAML glossary reader (parseGlossaryText, checkEntries)',
  200,
  async ({ yaml }) => [yaml.split('\n').slice(0, 60).join('\n'), yaml.split('\n').slice(-40).join('\n')],
  YAML_TOKENS,
  (text) => {
    const read = parseGlossaryText(text, 'fuzz.yaml');
    return [...read.problems, ...checkEntries(read.entries)];
  },
);

export const INPUT_TARGETS: readonly FuzzTarget[] = [zipReader, imageHeaders, imageIngest, tbxReader, csvReader, yamlReader];
