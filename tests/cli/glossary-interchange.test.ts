import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tbxBasicViolations } from '../unit/helpers/tbx-basic-rules.ts';
import { folderContents, TempDirs } from '../unit/helpers/temp-glossary.ts';
import { REPO_ROOT, runCli, STACK_LINE } from './helpers/run-cli.ts';

/** `termlens glossary import|export|diff|versions` as a user runs them, on copies of the glossary. */

const FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'tbx', 'memoq-export.tbx');
const temp = new TempDirs();
let env: Record<string, string>;

beforeAll(async () => {
  env = { TERMLENS_DATA_DIR: await temp.make('termlens-cli-data-') };
});
afterAll(() => temp.removeAll());

describe('glossary export', () => {
  it('writes TBX-Basic to stdout that passes the structure rules', async () => {
    const run = await runCli(['glossary', 'export', '--format', 'tbx'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca"')).toBe(true);
    expect(tbxBasicViolations(run.stdout)).toEqual([]);
  });

  it('writes CSV and TSV files with --out, the format taken from the name', async () => {
    const dir = await temp.make();
    for (const format of ['csv', 'tsv']) {
      const out = path.join(dir, `glossary.${format}`);
      const run = await runCli(['glossary', 'export', '--out', out], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`^wrote \\d+ entries to .*glossary\\.${format} \\(${format}, glossary version [0-9a-f]{12}\\)\\n$`));
      const header = (await readFile(out, 'utf8')).split('\r\n')[0];
      expect(header).toBe(['zh-Hans', 'english', 'note', 'id', 'category', 'zh-Hant', 'variants', 'deprecated', 'source'].join(format === 'csv' ? ',' : '\t'));
    }
  });
});

describe('glossary import', () => {
  it('--dry-run prints what it would add and change and writes nothing', async () => {
    const dir = await temp.shippedCopy();
    const before = await folderContents(dir);
    const run = await runCli(['glossary', 'import', FIXTURE, '--dry-run', '-g', dir], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`add       transnational-repression  跨境镇压  "transnational repression"  (new id) → ${dir}/imported.yaml`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^change    pinqing  聘请  ${dir}/terms\\.yaml:\\d+  \\(matched by term\\)$`)));
    expect(lines).toContain('            variants: + 聘用');
    expect(lines).toContain('            deprecated: + 雇佣');
    expect(run.stdout).toMatch(/^3 to add, 1 to change, 0 left alone \(tbx file\)$/m);
    expect(run.stdout).toMatch(/^dry run: nothing written \(glossary version [0-9a-f]{12} → [0-9a-f]{12}\)$/m);
    // Warnings are file:line: warning: …, as `glossary check` prints them.
    expect(run.stderr).toMatch(/^tests\/fixtures\/tbx\/memoq-export\.tbx:\d+: warning: concept "4": language "de-DE"/m);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('writes the merge, after which `glossary diff` shows it and a second import finds nothing to do', async () => {
    const dir = await temp.shippedCopy();
    const data = { TERMLENS_DATA_DIR: await temp.make('termlens-cli-data-') };
    const run = await runCli(['glossary', 'import', FIXTURE, '-g', dir], { env: data });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^wrote ${dir}/terms\\.yaml, ${dir}/imported\\.yaml \\(glossary version [0-9a-f]{12} → [0-9a-f]{12}\\)$`, 'm'));

    const check = await runCli(['glossary', 'check', '-g', dir], { env: data });
    expect(check.code, check.stderr).toBe(0);

    const diff = await runCli(['glossary', 'diff', '-g', dir], { env: data });
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout.split('\n')).toEqual(
      expect.arrayContaining(['+ transnational-repression  跨境镇压', '~ pinqing  聘请', '    variants: + 聘用', '    deprecated: + 雇佣', '3 added, 0 removed, 1 changed']),
    );

    const again = await runCli(['glossary', 'import', FIXTURE, '-g', dir], { env: data });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^0 to add, 0 to change, 4 left alone \(tbx file\)$/m);
    expect(again.stdout).toMatch(/^nothing to write/m);
  });

  it('refuses contradictory input with file:line messages, exit code 1, and writes nothing', async () => {
    const dir = await temp.shippedCopy();
    const before = await folderContents(dir);
    const file = path.join(await temp.make(), 'bad.tbx');
    const tbx = (await readFile(FIXTURE, 'utf8')).replace('<conceptEntry id="4">', '<conceptEntry id="2">');
    await writeFile(file, tbx, 'utf8');
    const run = await runCli(['glossary', 'import', file, '-g', dir], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const line = tbx.split('\n').findIndex((l) => l.includes('<conceptEntry id="2">')) + 1;
    const second = tbx.split('\n').findIndex((l, i) => i >= line && l.includes('<conceptEntry id="2">')) + 1;
    expect(run.stderr).toContain(`${file}:${second}: duplicate id "2" with a different term ("驻外警务联络官" there, "海外维权" here) (first at ${file}:${line})\n`);
    expect(run.stderr).toMatch(/^1 error: nothing imported$/m);
    expect(run.stdout).toBe('');
    expect(await folderContents(dir)).toEqual(before);
  });

  it('says when a file name gives no format', async () => {
    const run = await runCli(['glossary', 'import', 'glossary.xlsx', '--dry-run'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot tell the format of glossary.xlsx from its name: use .tbx, .csv or .tsv, or --format');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});

describe('glossary diff after an edit', () => {
  it('lists what changed between the version `glossary check` saw and the edited one; prefixes name versions', async () => {
    const dir = await temp.shippedCopy();
    const data = { TERMLENS_DATA_DIR: await temp.make('termlens-cli-data-') };
    const first = await runCli(['glossary', 'check', '-g', dir], { env: data });
    expect(first.code, first.stderr).toBe(0);
    const v1 = /version ([0-9a-f]{12})/.exec(first.stdout)![1]!;

    const file = path.join(dir, 'terms.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('english: ["hire", "contract", "appoint", "engage"]', 'english: ["appoint", "hire", "contract", "engage"]\n    deprecated: [雇佣]'), 'utf8');

    const diff = await runCli(['glossary', 'diff', '-g', dir], { env: data });
    expect(diff.code, diff.stderr).toBe(0);
    const [title, ...rest] = diff.stdout.trimEnd().split('\n');
    expect(title).toMatch(new RegExp(`^glossary ${v1} → [0-9a-f]{12}$`));
    const v2 = title!.slice(-12);
    expect(rest).toEqual([
      '~ pinqing  聘请',
      '    deprecated: + 雇佣',
      '    english: "hire", "contract", "appoint", "engage" → "appoint", "hire", "contract", "engage"',
      '0 added, 0 removed, 1 changed',
    ]);

    const json = await runCli(['glossary', 'diff', v2.slice(0, 8), v1.slice(0, 8), '--format', 'json', '-g', dir], { env: data });
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { from: string; to: string; changed: { id: string }[] };
    expect([parsed.from.slice(0, 12), parsed.to.slice(0, 12), parsed.changed.map((c) => c.id)]).toEqual([v2, v1, ['pinqing']]);

    const versions = await runCli(['glossary', 'versions', '-g', dir], { env: data });
    expect(versions.stdout.trimEnd().split('\n').map((l) => l.split('  ')[0])).toEqual([v1, v2]);
    expect(versions.stdout).toMatch(new RegExp(`^${v2}  \\S+  \\(current\\)$`, 'm'));

    const unknown = await runCli(['glossary', 'diff', 'ffff', '-g', dir], { env: data });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no recorded glossary version starts with "ffff"');
  });
});
