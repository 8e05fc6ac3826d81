import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, STACK_LINE, withTempDir } from './helpers/run-cli.ts';

/** `termlens glossary check`: what a glossary editor runs before committing. */

describe('glossary check on the shipped glossary', () => {
  it('exits 0 and says the glossary is ok', async () => {
    const run = await runCli(['glossary', 'check']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^glossary ok: \d+ entries, \d+ forms, version [0-9a-f]{12}\n$/);
    expect(run.stderr).not.toMatch(/^\S+:\d+: (?!warning:)/m);
  });

  it('reads the same folder when given with -g', async () => {
    const run = await runCli(['glossary', 'check', '-g', path.join(REPO_ROOT, 'glossary')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('glossary ok');
  });
});

/** Line numbers matter: editors jump to them. Each problem is on a known line below. */
const ENTRIES_YAML = `entries:
  - id: jingqiao-yizhan
    term: 警侨驿站
    english: [police-overseas Chinese station]
    category: programme
    source: [002_d9a3951b2287d1f7]

  - id: pinqing
    term: 聘请
    category: action
    source: [002_d9a3951b2287d1f7]

  - id: jingqiao-yizhan
    term: 警侨之家
    english: [Police and Overseas Chinese Home]
    category: programme
    source: [002_d9a3951b2287d1f7]
`;
const MISSING_ENGLISH_LINE = 8; // the entry "pinqing", which has no english
const DUPLICATE_ID_LINE = 13; // the second "jingqiao-yizhan"

const BAD_YAML = `entries:
  - id: quanfan
    term: 劝返
    english: persuade to return: bring back
    category: action
    source: [002_d9a3951b2287d1f7]
`;
const BAD_YAML_LINE = 4; // "a: b: c" is not YAML

describe('glossary check on a broken glossary', () => {
  it('exits 1 and prints each problem as file:line: message with the right line', async () => {
    await withTempDir('termlens-cli-glossary-', async (dir) => {
      const entries = path.join(dir, 'entries.yaml');
      const broken = path.join(dir, 'syntax.yaml');
      await writeFile(entries, ENTRIES_YAML, 'utf8');
      await writeFile(broken, BAD_YAML, 'utf8');

      const run = await runCli(['glossary', 'check', '-g', dir]);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('glossary ok');
      expect(run.stderr).not.toMatch(STACK_LINE);

      const problems = run.stderr.split('\n').filter((line) => /^\S.*:\d+: /.test(line));
      expect(problems).toHaveLength(3);
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegExp(entries)}:${DUPLICATE_ID_LINE}: .*duplicate id "jingqiao-yizhan"`)));
      expect(problems).toContainEqual(
        expect.stringMatching(new RegExp(`^${escapeRegExp(entries)}:${MISSING_ENGLISH_LINE}: .*pinqing.*english.*missing`)),
      );
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegExp(broken)}:${BAD_YAML_LINE}: \\S`)));
      expect(run.stderr).toMatch(/^3 errors$/m);
    });
  });

  it('reports a folder without glossary files instead of passing it', async () => {
    await withTempDir('termlens-cli-glossary-', async (dir) => {
      const run = await runCli(['glossary', 'check', '-g', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(dir);
      expect(run.stderr).not.toMatch(STACK_LINE);
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
