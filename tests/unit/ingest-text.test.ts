/** ingestText and firstInvalidUtf8: UTF-8 text files in, everything else refused with a stable code. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TextSourceSchema } from '../../src/domain/source.ts';
import { firstInvalidUtf8, ingestText } from '../../src/stages/ingest-text.ts';
import { refusal, useIngestFiles } from './helpers/ingest-files.ts';

const inputs = useIngestFiles();

describe('ingestText', () => {
  it('accepts UTF-8 with characters outside the BMP, text exactly as in the file', async () => {
    const content = '海外警务服务站\r\n聘请 𠀀 overseas\n';
    const bytes = Buffer.from(content, 'utf8');
    const file = await inputs.put('article.txt', bytes);
    const source = await ingestText(file, { maxTextBytes: 1024 });
    expect(source).toEqual({
      path: file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      text: content,
    });
    expect(TextSourceSchema.parse(source)).toEqual(source);
  });

  it('strips a UTF-8 byte-order mark from the text but hashes the original bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('统战部', 'utf8')]);
    const file = await inputs.put('bom.txt', bytes);
    const source = await ingestText(file, { maxTextBytes: 1024 });
    expect(source.text).toBe('统战部');
    expect(source.bytes).toBe(bytes.length);
    expect(source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('TEXT_NOT_UTF8 for GBK-encoded Chinese, naming the offset and suggesting a conversion', async () => {
    // "警察" in GBK, after four bytes of ASCII
    const file = await inputs.put('gbk.txt', Buffer.from([0x41, 0x42, 0x43, 0x20, 0xbe, 0xaf, 0xb2, 0xec]));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toContain('byte 0xbe at offset 4');
    expect(error.message).toMatch(/GBK/);
  });

  it('TEXT_NOT_UTF8 for UTF-16', async () => {
    const file = await inputs.put('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('警察', 'utf16le')]));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/UTF-16/);
  });

  it('TEXT_NOT_UTF8 for valid UTF-8 holding NUL bytes (binary)', async () => {
    const file = await inputs.put('nul.txt', Buffer.from('abc\0def'));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/NUL byte at offset 3/);
  });

  it('TEXT_NOT_UTF8 for an image given as text, saying what it is', async () => {
    const file = await inputs.put('screenshot.txt', inputs.sample);
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 * 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/image\/png/);
  });

  it('TEXT_TOO_LARGE above maxTextBytes', async () => {
    const file = await inputs.put('long.txt', '警'.repeat(1000));
    const error = await refusal(ingestText(file, { maxTextBytes: 1000 }), 'TEXT_TOO_LARGE', file);
    expect(error.message).toMatch(/2\.9 KB, above the limit of 1000 bytes for text files/);
  });

  it('EMPTY_FILE for zero bytes and for a lone byte-order mark', async () => {
    await refusal(ingestText(inputs.bad.zeroByte, { maxTextBytes: 1024 }), 'EMPTY_FILE', inputs.bad.zeroByte);
    const file = await inputs.put('bom-only.txt', Buffer.from([0xef, 0xbb, 0xbf]));
    await refusal(ingestText(file, { maxTextBytes: 1024 }), 'EMPTY_FILE', file);
  });

  it('FILE_NOT_FOUND and FILE_UNREADABLE as for images', async () => {
    await refusal(ingestText(inputs.bad.missingFile, { maxTextBytes: 1024 }), 'FILE_NOT_FOUND', inputs.bad.missingFile);
    await refusal(ingestText(inputs.bad.unreadablePath, { maxTextBytes: 1024 }), 'FILE_UNREADABLE', inputs.bad.unreadablePath);
  });
});

describe('firstInvalidUtf8', () => {
  const cases: [string, number[], number][] = [
    ['ASCII', [0x61, 0x62], -1],
    ['CJK and a supplementary-plane character', [...Buffer.from('警𠀀', 'utf8')], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x61, 0xe8, 0xad], 1],
  ];
  for (const [name, bytes, expected] of cases) {
    it(name, () => {
      expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
    });
  }
});

