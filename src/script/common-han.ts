/**
 * The Chinese characters in everyday use: GB2312's 6,763 (simplified) and Big5's 5,401
 * frequently used ones (traditional), 8,836 in all, decoded from the two charsets by Node's own
 * ICU (no list to ship). Running text in either script is almost all of them (samples/' ground
 * truth: 99.95%); characters drawn at random from the 20,992 CJK Unified Ideographs are 43% of
 * them: the mark of a PDF font whose ToUnicode map sends glyphs to the wrong code points.
 */
let common: Set<string> | undefined;

function decodeRange(decoder: TextDecoder, leads: [number, number], trails: [number, number][], into: Set<string>): void {
  for (let lead = leads[0]; lead <= leads[1]; lead++) {
    for (const [from, to] of trails) {
      for (let trail = from; trail <= to; trail++) {
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length > 0 && ch !== '\ufffd' && /\p{Script=Han}/u.test(ch)) into.add(ch);
      }
    }
  }
}

export function commonHanCharacters(): Set<string> {
  if (common) return common;
  const set = new Set<string>();
  decodeRange(new TextDecoder('gbk'), [0xb0, 0xf7], [[0xa1, 0xfe]], set);
  decodeRange(new TextDecoder('big5'), [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], set);
  common = set;
  return set;
}
