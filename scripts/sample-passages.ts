/**
 * The passages behind samples/: short Chinese texts taken from (or closely modelled on) the
 * Chinese quoted in the investigations termlens grew out of (reading material kept outside this
 * repository; nothing here reads it), in the voice of the page each one is dressed up as.
 *
 * The expected hits are not marked by hand: the renderer finds every form of every entry in
 * glossary/ in the ground truth (longest first) and takes out the traps. Markup, stripped before
 * rendering:
 *   【text】        an assertion: `text` must lie inside an expected hit whose canonical term
 *                   is `text` as written here (simplified), whatever script the page is in;
 *                   the hit may be a longer form of the same entry (海内外【警侨联动服务中心】).
 *   【text|term】   the same, where `text` is a variant: 【侨办|侨务办公室】.
 *   〔text|why〕    a trap: this occurrence of a glossary form (or, via TRAP_LOOKALIKE, a
 *                   lookalike of one) is no hit, for the reason given; recorded in the manifest.
 *   ⏎              a forced line break (<br>), the way a term gets split on a screenshot.
 *
 * Every occurrence the renderer finds has been reviewed in context
 * (`npx tsx scripts/render-samples.ts --review`): what is not a trap is meant as a hit.
 *
 * Passages are written in simplified script; samples marked `traditional` are converted with
 * opencc-js (cn -> tw) at render time. 「」 quotes are written directly where a Taiwanese or
 * Hong Kong page would use them.
 */

import { SIMPLIFIED_SAMPLES } from './sample-passages/simplified.ts';
import type { SampleSpec } from './sample-passages/spec.ts';
import { TRADITIONAL_SAMPLES } from './sample-passages/traditional.ts';

export type { FontKind, Layout, SampleSpec } from './sample-passages/spec.ts';

/** The samples by number (sample n is samples/nn-…): fixed, so the file names stay put. */
const SAMPLE_ORDER = [
  'police-libao-station', // 01
  'wechat-venice-station', // 02
  'statemedia-nantong-foxhunt', // 03
  'gov-qingtian-work-summary', // 04
  'united-front-wenzhou-contact-points', // 05
  'tw-news-wenzhou-hiring', // 06
  'police-nantong-linkage-center', // 07
  'wechat-nantong-four-years', // 08
  'portal-jiangsu-belt-road', // 09
  'journal-huaren-shikan', // 10
  'chinanews-qingtian-procuratorate', // 11
  'ccdi-sky-net-2021', // 12
  'hk-news-pursuit-office', // 13
  'notice-auxiliary-police-recruitment', // 14
  'wechat-liao-station-moves', // 15
  'association-new-year-meeting', // 16
  'tw-news-fuzhou-overseas-110', // 17
  'newslist-police-headlines', // 18
  'exile-news-qingtian-police-paper', // 19
  'police-qingtian-united-front', // 20
  'wechat-paris-station-chief', // 21
  'certificate-stockholm-appointment', // 22
  'tw-news-student-overseas-110', // 23
  'gov-state-council-south-africa', // 24
  'hk-weekly-ocsc-qiaoban', // 25
  'mobile-news-qingtian-stations', // 26
  'tw-news-liaison-officers', // 27
] as const;

const bySlug = new Map([...SIMPLIFIED_SAMPLES, ...TRADITIONAL_SAMPLES].map((s) => [s.slug, s]));
if (bySlug.size !== SAMPLE_ORDER.length || SIMPLIFIED_SAMPLES.length + TRADITIONAL_SAMPLES.length !== SAMPLE_ORDER.length) {
  throw new Error('sample-passages: every sample must be numbered exactly once in SAMPLE_ORDER');
}

export const SAMPLES: SampleSpec[] = SAMPLE_ORDER.map((slug) => {
  const spec = bySlug.get(slug);
  if (!spec) throw new Error(`sample-passages: no sample ${slug}`);
  return spec;
});

/** Glossary terms the set must exercise, each several times (the renderer warns when thin). */
export const REQUIRED_TERMS = [
  '警侨驿站',
  '聘请',
  '劝返',
  '猎狐',
  '天网',
  '警侨联动',
  '警侨之家',
  '海外联络员',
  '海外联络点',
  '海外联络站',
  '侨领',
  '侨团',
  '统战部',
  '授牌',
  '海外110',
  '追逃追赃',
  '维稳',
  '中央纪委',
  '走出去',
  '以侨治侨',
] as const;

/** The glossary form a trap could be mistaken for, where the trap text is not a form itself. */
export const TRAP_LOOKALIKE: Record<string, string> = { 菜鸟驿站: '警侨驿站' };
