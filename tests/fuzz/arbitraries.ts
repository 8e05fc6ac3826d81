import fc from 'fast-check';

/**
 * Inputs for the fuzzed readers: real files of each kind (the seeds) with random damage done
 * to them, and text built from the pieces a format is made of, so that runs reach past the first
 * check of each parser instead of all failing on the first byte.
 */

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'set32'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(0, 0xff, 0x7f, 0x80), fc.integer({ min: 0, max: 255 })) }),
  // Sizes, offsets and counts in headers are 32-bit: the values that break readers are these.
  fc.record({
    kind: fc.constant('set32' as const),
    at: position,
    value: fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 65535, 65536), fc.integer({ min: 0, max: 0xffffffff })),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function apply(data: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * Math.max(1, data.length));
  switch (m.kind) {
    case 'flip': {
      if (data.length === 0) return data;
      const out = Buffer.from(data);
      out[at] = out[at]! ^ (1 << m.bit);
      return out;
    }
    case 'set': {
      if (data.length === 0) return data;
      const out = Buffer.from(data);
      out[at] = m.value;
      return out;
    }
    case 'set32': {
      if (data.length < 4) return data;
      const out = Buffer.from(data);
      const where = Math.min(at, data.length - 4);
      if (m.value & 1) out.writeUInt32LE(m.value >>> 0, where);
      else out.writeUInt32BE(m.value >>> 0, where);
      return out;
    }
    case 'insert':
      return Buffer.concat([data.subarray(0, at), Buffer.from(m.bytes), data.subarray(at)]);
    case 'delete':
      return Buffer.concat([data.subarray(0, at), data.subarray(at + m.length)]);
    case 'duplicate':
      return Buffer.concat([data.subarray(0, at + m.length), data.subarray(at)]);
    case 'truncate':
      return data.subarray(0, at);
  }
}

/** One of the seeds with 1–8 random mutations, or (sometimes) bytes from nowhere. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const mutated = fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }))
    .map(([index, mutations]) => mutations.reduce(apply, seeds[index]!));
  const random = fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes));
  // A seed's first bytes (its magic) before random ones: past the type check, into the parser.
  const magicThenRandom = fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.integer({ min: 2, max: 64 }), fc.uint8Array({ maxLength: 1024 }))
    .map(([index, keep, rest]) => Buffer.concat([seeds[index]!.subarray(0, keep), Buffer.from(rest)]));
  return fc.oneof({ arbitrary: mutated, weight: 6 }, { arbitrary: magicThenRandom, weight: 2 }, { arbitrary: random, weight: 1 });
}

/** Text from a format's own tokens, random text between them. */
export function tokenText(tokens: readonly string[], maxTokens = 60): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { arbitrary: fc.constantFrom(...tokens), weight: 5 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 1 },
    { arbitrary: fc.constantFrom('警侨驿站', '聘請', '\u0000', '\uFEFF', '\uD800', '\r\n', '\t', '"', "'", '\\', '&', '<', '>'), weight: 1 },
  );
  return fc.array(piece, { maxLength: maxTokens }).map((parts) => parts.join(''));
}

/** Text either built from tokens, or a seed text mutated as bytes and read back as UTF-8. */
export function textInput(seeds: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    tokenText(tokens),
    mutatedBytes(seeds.map((s) => Buffer.from(s, 'utf8'))).map((bytes) => bytes.toString('utf8')),
  );
}
