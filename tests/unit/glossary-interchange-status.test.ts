import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/glossary/glossary-problem.ts';
import { checkGlossary, loadGlossary } from '../../src/glossary/load-glossary.ts';
import { analyseText } from '../../src/pipeline/analyse-text.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';
import { TempDirs } from './helpers/temp-glossary.ts';

/** Deprecated forms: still found (they are evidence), flagged on their hits, checked for contradictions. */

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const entry = (id: string, term: string, extra = '') => `  - id: ${id}\n    term: ${term}\n${extra}    english: [x]\n    category: action\n    source: [seed]\n`;

const GLOSSARY = `entries:\n${entry('pinqing', '聘请', '    variants: [聘用]\n    deprecated: [雇佣]\n')}${entry('quanfan', '劝返')}`;

describe('deprecated forms in the glossary', () => {
  it('load as variants with a deprecated status, their opencc forms too', async () => {
    const dir = await temp.withFiles({ 'terms.yaml': GLOSSARY });
    expect(await checkGlossary(dir)).toEqual([]);
    const glossary = await loadGlossary(dir);
    expect(glossary.forms.filter((f) => f.entryId === 'pinqing')).toEqual([
      { form: '聘请', entryId: 'pinqing', kind: 'canonical', simplified: '聘请' },
      { form: '聘請', entryId: 'pinqing', kind: 'traditional', simplified: '聘请' },
      { form: '聘用', entryId: 'pinqing', kind: 'variant', simplified: '聘用' },
      { form: '雇佣', entryId: 'pinqing', kind: 'variant', simplified: '雇佣', status: 'deprecated' },
      { form: '僱傭', entryId: 'pinqing', kind: 'variant', simplified: '雇佣', status: 'deprecated' },
    ]);
  });

  it('change the version only when there are some: an empty list is no change', async () => {
    const plain = await loadGlossary(await temp.withFiles({ 'terms.yaml': `entries:\n${entry('pinqing', '聘请')}` }));
    const empty = await loadGlossary(await temp.withFiles({ 'terms.yaml': `entries:\n${entry('pinqing', '聘请', '    deprecated: []\n')}` }));
    const some = await loadGlossary(await temp.withFiles({ 'terms.yaml': `entries:\n${entry('pinqing', '聘请', '    deprecated: [雇佣]\n')}` }));
    expect(empty.version).toBe(plain.version);
    expect(some.version).not.toBe(plain.version);
  });

  it('are errors when the entry also accepts them, or accepts a form that folds the same way', async () => {
    const dir = await temp.withFiles({
      'terms.yaml': [
        'entries:',
        '  - id: pinqing', // 2
        '    term: 聘请',
        '    variants: [聘用]',
        '    deprecated:',
        '      - 聘用', // 6
        '      - 聘請', // 7
        '    english: [x]',
        '    category: action',
        '    source: [seed]',
        '',
      ].join('\n'),
    });
    expect((await checkGlossary(dir)).map((p) => formatProblem(p).replace(`${dir}/`, ''))).toEqual([
      'terms.yaml:6: entry "pinqing": deprecated form "聘用" is also the entry\'s variant "聘用"',
      'terms.yaml:7: entry "pinqing": deprecated form "聘請" folds to "聘请" like the entry\'s term "聘请"; matching compares simplified folds, so its hits could not be flagged',
    ]);
  });

  it('are claimed like any form: another entry cannot have them', async () => {
    const dir = await temp.withFiles({ 'terms.yaml': `entries:\n${entry('pinqing', '聘请', '    deprecated: [劝返]\n')}${entry('quanfan', '劝返')}` });
    expect((await checkGlossary(dir)).map((p) => formatProblem(p).replace(`${dir}/`, ''))).toEqual([
      `terms.yaml:9: entry "quanfan": "劝返" is already claimed by entry "pinqing" (${dir}/terms.yaml:4)`,
    ]);
  });

  it('warns about a traditional spelling of a variant listed as a variant', async () => {
    const dir = await temp.withFiles({ 'terms.yaml': `entries:\n${entry('tongzhan-gongzuo', '统战工作', '    variants: [统一战线工作, 統一戰綫工作]\n')}` });
    expect((await checkGlossary(dir)).map((p) => formatProblem(p).replace(`${dir}/`, ''))).toEqual([
      'terms.yaml:4: warning: entry "tongzhan-gongzuo": variant "統一戰綫工作" is a traditional form of "统一战线工作"; list it under traditional',
    ]);
  });

  it('warns about forms written where an exchange file could not keep them', async () => {
    const dir = await temp.withFiles({ 'terms.yaml': `entries:\n${entry('qiaoban', '侨务办公室', '    variants: [侨办, 僑辦, 僑務辦公室]\n')}` });
    expect((await checkGlossary(dir)).map((p) => formatProblem(p).replace(`${dir}/`, ''))).toEqual([
      'terms.yaml:4: warning: entry "qiaoban": variant "僑務辦公室" is the opencc form of "侨务办公室" and is derived already; list only forms opencc gets wrong',
      'terms.yaml:4: warning: entry "qiaoban": variant "僑辦" is the opencc form of "侨办" and is derived already; list only forms opencc gets wrong',
    ]);
  });
});

describe('hits on deprecated forms', () => {
  let ctx: TextContext;
  beforeAll(async () => {
    ctx = await createTextContext(await temp.withFiles({ 'terms.yaml': GLOSSARY }));
  });

  it('are found and flagged, with the preferred term; other hits carry no status', () => {
    const hits = analyseText('公安局雇佣侨领劝返，后又聘用多人。', ctx.glossary, ctx.segmenter).hits;
    expect(hits.map((h) => [h.matched, h.term, h.kind, h.status, h.preferred])).toEqual([
      ['雇佣', '聘请', 'variant', 'deprecated', '聘请'],
      ['劝返', '劝返', 'exact', undefined, undefined],
      ['聘用', '聘请', 'variant', undefined, undefined],
    ]);
    expect(hits[1]).not.toHaveProperty('status');
  });

  it('are flagged in traditional script too', () => {
    const [hit] = analyseText('警方僱傭了線人。', ctx.glossary, ctx.segmenter).hits;
    expect(hit).toMatchObject({ matched: '僱傭', entryId: 'pinqing', kind: 'variant', status: 'deprecated', preferred: '聘请' });
  });
});
