import { describe, expect, it } from 'vitest';
import { readTbx } from '../../src/glossary/interchange/tbx-import.ts';
import { parseGlossaryText } from '../../src/glossary/read-glossary-files.ts';

/**
 * One regression test per crash the fuzzing found (tests/fuzz, docs/fuzzing.md), with the
 * shrunk counterexample as its input.
 */

describe('fuzz findings', () => {
  it('YAML: a merge key to an anchor defined nowhere is a problem at its line, not a ReferenceError', () => {
    // Counterexample: "<<: *anchor" (yaml's toJS threw "Unresolved alias").
    const result = parseGlossaryText('entries:\n  - id: a\n    <<: *anchor\n', 'terms.yaml');
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      { file: 'terms.yaml', line: 3, severity: 'error', message: expect.stringMatching(/^the file cannot be read: Unresolved alias/) },
    ]);
    expect(parseGlossaryText('<<: *anchor', 'x.yaml').problems).toHaveLength(1);
  });

  it('YAML: an alias bomb is refused as a problem instead of being expanded', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'entries: []',
    ].join('\n');
    const result = parseGlossaryText(bomb, 'bomb.yaml');
    expect(result.problems).toEqual([expect.objectContaining({ severity: 'error', line: 2, message: expect.stringMatching(/alias/i) })]);
  });
});

describe('fuzz findings (warnings)', () => {
  it('YAML: a mapping used as a key is a problem, not a Node warning on stderr', async () => {
    // Counterexample: a key `? [a]` (yaml's toJS called process.emitWarning "Keys with collection values will be stringified").
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const result = parseGlossaryText('entries:\n  - id: a\n    ? [x, y]\n    : z\n', 'keys.yaml');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(result.entries).toEqual([]);
      expect(result.problems.length).toBeGreaterThan(0);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});

describe('fuzz findings (TBX)', () => {
  it('a processing instruction opened inside another is a problem, not a thrown "Pi Tag is not closed"', () => {
    // Shrunk from a mutated TBX export whose XML declaration was duplicated into its own attribute.
    // A processing instruction other than the declaration holds any text up to "?>", so the
    // second file is well-formed XML (fast-xml-parser called it malformed) and fails as TBX.
    const cases: [string, { line: number; message: string }][] = [
      ['<?xml version="<?xml version="1.0" encoding="UTF-8"?>\n<tbx/>', { line: 1, message: 'malformed XML: XML declaration is incomplete.' }],
      ['<?a b="<?c?>\n<tbx/>', { line: 2, message: 'TBX file has no <text><body>' }],
    ];
    for (const [text, problem] of cases) {
      const result = readTbx(text, 'glossary.tbx');
      expect(result.entries).toEqual([]);
      expect(result.problems).toEqual([{ file: 'glossary.tbx', severity: 'error', ...problem }]);
    }
  });

  it('the other files the parser threw on are malformed XML too: a CDATA section opening at the end, a start tag cut after its "/"', () => {
    const cases = [
      '<descrip type="subjectField"></descrip><![CDATA[<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic"/',
    ];
    for (const text of cases) {
      const result = readTbx(text, 'glossary.tbx');
      expect(result.entries).toEqual([]);
      expect(result.problems).toEqual([expect.objectContaining({ file: 'glossary.tbx', severity: 'error', message: expect.stringMatching(/^malformed XML: /) })]);
    }
  });
});
