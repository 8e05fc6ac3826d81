/**
 * Decodes a saved web page. Chinese sites still serve GBK, GB2312, GB18030 and Big5 pages, and
 * a page saved from one keeps its bytes and its <meta charset>; read as UTF-8 it would be
 * mojibake and match nothing. The order is a browser's: byte-order mark, then the charset the
 * page declares in its first 1,024 bytes, then UTF-8.
 */
const PRESCAN_BYTES = 1024;

function declaredCharset(head: string): string | undefined {
  const meta = /<meta\s[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1];
}

export function decodeHtml(data: Uint8Array): { text: string; charset: string } {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(data.subarray(3)), charset: 'utf-8' };
  if (data[0] === 0xff && data[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), charset: 'utf-16le' };
  if (data[0] === 0xfe && data[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(data.subarray(2)), charset: 'utf-16be' };
  const declared = declaredCharset(new TextDecoder('latin1').decode(data.subarray(0, PRESCAN_BYTES)));
  if (declared) {
    try {
      // WHATWG labels: gb2312 and gbk decode as GBK, big5 as Big5-HKSCS, as browsers do.
      const decoder = new TextDecoder(declared.toLowerCase());
      return { text: decoder.decode(data), charset: decoder.encoding };
    } catch {
      // An unknown label: a browser falls back to UTF-8 too.
    }
  }
  return { text: new TextDecoder('utf-8').decode(data), charset: 'utf-8' };
}
