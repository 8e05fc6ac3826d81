import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './helpers/run-cli.ts';

/** --help and command-line mistakes: answered with usage, never with a stack trace. */

const HELP: { args: string[]; usage: string; mentions: string[] }[] = [
  { args: [], usage: 'termlens [options] [command]', mentions: ['annotate', 'tag', 'ocr', 'glossary'] },
  { args: ['annotate'], usage: 'termlens annotate [options] <files...>', mentions: ['--format', 'jsonl', 'table', '--glossary', 'Exit code 1'] },
  { args: ['tag'], usage: 'termlens tag [options] <files...>', mentions: ['--format', 'jsonl', 'table', '--glossary', 'UTF-8'] },
  { args: ['ocr'], usage: 'termlens ocr [options] <images...>', mentions: ['--raw', '==> FILE <=='] },
  { args: ['glossary', 'check'], usage: 'termlens glossary check [options]', mentions: ['--glossary', 'file:line'] },
];

describe('--help', () => {
  it.each(HELP.map((h) => [['termlens', ...h.args].join(' '), h] as const))('%s --help exits 0 and describes the options', async (_name, help) => {
    const run = await runCli([...help.args, '--help']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Usage: ${help.usage}`);
    for (const mention of help.mentions) expect(run.stdout).toContain(mention);
    expect(run.stderr).toBe('');
  });
});

const MISTAKES: { args: string[]; error: RegExp; usage: string }[] = [
  { args: ['annotate', '--bogus', 'x.png'], error: /unknown option '--bogus'/, usage: 'termlens annotate' },
  { args: ['annotate'], error: /missing required argument 'files'/, usage: 'termlens annotate' },
  { args: ['tag', '--format', 'xml', 'a.txt'], error: /'xml' is invalid.*table, jsonl/, usage: 'termlens tag' },
  { args: ['tag'], error: /missing required argument 'files'/, usage: 'termlens tag' },
  { args: ['ocr'], error: /missing required argument 'images'/, usage: 'termlens ocr' },
  { args: ['glossary', 'check', '--bogus'], error: /unknown option '--bogus'/, usage: 'termlens glossary check' },
  { args: ['frobnicate'], error: /unknown command 'frobnicate'/, usage: 'termlens [options] [command]' },
];

describe('command-line mistakes', () => {
  it.each(MISTAKES.map((m) => [m.args.join(' '), m] as const))('termlens %s exits non-zero with the error and the usage', async (_name, mistake) => {
    const run = await runCli(mistake.args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(mistake.error);
    expect(run.stderr).toContain(`Usage: ${mistake.usage}`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).toBe('');
  });

  it('a bad TERMLENS_* setting ends in a one-line config error, exit 2, not a stack trace', async () => {
    const run = await runCli(['tag', 'a.txt'], { env: { TERMLENS_OCR_WORKERS: 'many' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^termlens: config error CONFIG_INVALID: /);
    expect(run.stderr).toContain('TERMLENS_OCR_WORKERS');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
