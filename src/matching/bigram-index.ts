/**
 * Patterns grouped by their first two UTF-16 code units, in an open-addressing hash table over
 * typed arrays. Glossary terms are at least two characters long, so every pattern has a
 * bigram; looking up the bigram at each text position finds every pattern in one pass, at the
 * cost of one hash probe per character. For Chinese text (a large alphabet, short patterns)
 * this beats a trie of per-state maps, and it allocates nothing while scanning.
 */
export class BigramIndex {
  private readonly keys: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  /** Pattern ids per slot, in CSR layout: ids[offsets[s] .. offsets[s + 1]). */
  readonly offsets: Int32Array;
  readonly ids: Int32Array;

  /** `patterns[i]` is the code units of pattern i (length ≥ 2); ids within a bigram keep the given order. */
  constructor(patterns: readonly Uint16Array[], order: readonly number[]) {
    const byKey = new Map<number, number[]>();
    for (const id of order) {
      const p = patterns[id]!;
      const key = bigramKey(p[0]!, p[1]!);
      const list = byKey.get(key);
      if (list) list.push(id);
      else byKey.set(key, [id]);
    }
    let size = 16;
    while (size < byKey.size * 2) size *= 2;
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.keys = new Int32Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.offsets = new Int32Array(byKey.size + 1);
    this.ids = new Int32Array(order.length);
    let slot = 0;
    let next = 0;
    for (const [key, list] of byKey) {
      let h = hash(key, this.shift);
      while (this.slots[h]! !== -1) h = (h + 1) & this.mask;
      this.keys[h] = key;
      this.slots[h] = slot;
      this.offsets[slot] = next;
      for (const id of list) this.ids[next++] = id;
      slot++;
    }
    this.offsets[slot] = next;
  }

  /** The slot of the patterns starting with code units a, b; -1 when there are none. */
  find(a: number, b: number): number {
    const key = bigramKey(a, b);
    let h = hash(key, this.shift);
    for (;;) {
      const slot = this.slots[h]!;
      if (slot === -1) return -1;
      if (this.keys[h] === key) return slot;
      h = (h + 1) & this.mask;
    }
  }
}

function bigramKey(a: number, b: number): number {
  return (a << 16) | b;
}

/** Fibonacci hashing: the top bits of key × 2^32/φ spread neighbouring code points apart. */
function hash(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}
