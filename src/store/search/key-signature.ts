/**
 * A page's signature of its pair keys (migration 0014, PostgreSQL only): 1,024 bits, one set per
 * pair key (search-keys.ts) by a multiplicative hash, held in `search_signatures` beside the
 * index row. A page whose signature lacks a bit of the query's cannot hold the query's pairs.
 *
 * Why: a walk in id order (repositories/postgres-key-scan.ts, the plan for keys that many pages
 * hold) reads every walked row's keys out of TOAST, about four buffers a row, and for the
 * 10,000-page phrase at 100,000 pages it walks ~500 rows for 50 matches. The signature is 132
 * bytes in a narrow table of its own, so the walk reads the keys only of the rows whose
 * signature passes: the matches, and for a phrase of six pairs about 1% more (a page's ~520
 * pairs set ~45% of the bits; 0.45⁶; a real phrase's pairs are commoner than chance, and the
 * 10,000-page phrase let 11 of its 450 other walked rows through, 2.4%). In a table of its
 * own, not a column of `search_documents`, because a wider heap made the bitmap scans of rare
 * phrases slower (bench/README, "a signature of the keys in the row"). Characters are left
 * out: a one-character query's walk finds its matches within the first rows anyway, and
 * without them a page sets about 45% of the bits instead of about 60% (its ~400 characters
 * beside its ~520 pairs), so a phrase rules out more.
 */
export const SIGNATURE_BITS = 1024;

/** Keys from here up are pairs (search-keys.ts); below are code points. */
const FIRST_PAIR_KEY = 0x110000;

/** The signature of these keys' pairs as a bit-string literal (`'0101…'::bit(1024)`). */
export function keySignature(keys: readonly number[]): string {
  const bits = new Uint8Array(SIGNATURE_BITS).fill(48); // '0'
  for (const bit of signatureBits(keys)) bits[bit] = 49; // '1'
  return Buffer.from(bits).toString('latin1');
}

/**
 * The share of bits a page's signature sets: 464 of 1,024 on average at 100,000 bench:search
 * pages (417–514), from their ~520 pairs each.
 */
const PAGE_BIT_SHARE = 0.45;

/** Whether the keys hold a pair, so that their signature has a bit set and can rule pages out. */
export function hasPairKeys(keys: readonly number[]): boolean {
  return keys.some((key) => key >= FIRST_PAIR_KEY);
}

/**
 * About the share of pages without these keys whose signature still lets them through: each
 * bit the keys set is set by chance in PAGE_BIT_SHARE of the pages. 1 with no pairs.
 */
export function signaturePassShare(keys: readonly number[]): number {
  return PAGE_BIT_SHARE ** signatureBits(keys).size;
}

/** The bits the keys' pairs set. */
function signatureBits(keys: readonly number[]): Set<number> {
  // Fibonacci hashing: the top 10 bits of key · 2^32/φ, spread even for keys close together.
  return new Set(keys.filter((key) => key >= FIRST_PAIR_KEY).map((key) => Math.imul(key, 0x9e3779b1) >>> 22));
}
