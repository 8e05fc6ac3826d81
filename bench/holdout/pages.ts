import { mulberry32, pick, randomInt, type Random } from '../lib/prng.ts';
import { ARTICLES, CARDS, SIDEBAR_LINKS, VERTICAL_TEXT, type Article } from './passages.ts';

/**
 * The holdout pages, drawn from a seed: the same seed gives the same pages (fonts, sizes,
 * colours, articles) on every machine. The fonts are Debian CJK fonts that samples/ (the set
 * the engines were tuned on) does not use, or weights of Noto CJK it does not use; the styles
 * are issue #20's faint and low-contrast cases, each with a twin in black on white (same
 * article, font, size and width), so that a style's cost can be read as a ratio of CERs.
 */

export type Script = 'simplified' | 'traditional';
export type Style = 'plain' | 'grey' | 'thin-serif' | 'jpeg40' | 'tint' | 'dark';
export type Layout = 'article' | 'two-column' | 'three-column' | 'grid' | 'sidebar' | 'vertical';

export type FontChoice = { family: string; weight: number };

export type PageSpec = {
  name: string;
  script: Script;
  /** zh-TW or zh-HK forms for a traditional page (opencc's cn → tw or cn → hk). */
  region?: 'tw' | 'hk';
  style: Style;
  layout: Layout;
  font: FontChoice;
  fontSizePx: number;
  deviceScaleFactor: 1 | 2;
  width: number;
  format: 'png' | 'jpeg';
  jpegQuality?: number;
  text: string;
  background: string;
  article?: Article;
  cards?: { heading: string; text: string }[];
  gridColumns?: number;
  sidebar?: string[];
  vertical?: string[];
  /** The black-on-white twin of a styled page. */
  reference?: string;
};

/** Bump when the pages drawn for a seed change, so a cached set is rebuilt. */
export const HOLDOUT_RECIPE = 1;
export const DEFAULT_HOLDOUT_SEED = 20;

const FONTS: Record<Script, FontChoice[]> = {
  simplified: [
    { family: 'WenQuanYi Zen Hei', weight: 400 },
    { family: 'WenQuanYi Micro Hei', weight: 400 },
    { family: 'AR PL SungtiL GB', weight: 400 },
    { family: 'LXGW WenKai', weight: 400 },
    { family: 'Noto Serif CJK SC', weight: 300 },
    { family: 'Noto Serif CJK SC', weight: 600 },
    { family: 'Noto Sans CJK SC', weight: 300 },
    { family: 'Noto Sans CJK SC', weight: 500 },
  ],
  traditional: [
    { family: 'AR PL Mingti2L Big5', weight: 400 },
    { family: 'AR PL KaitiM Big5', weight: 400 },
    { family: 'WenQuanYi Zen Hei', weight: 400 },
    { family: 'Noto Serif CJK TC', weight: 300 },
    { family: 'Noto Serif CJK TC', weight: 600 },
    { family: 'Noto Sans CJK HK', weight: 300 },
    { family: 'Noto Sans CJK TC', weight: 500 },
  ],
};

/** Grey text on white: contrast 2.8:1, 2.3:1, 1.9:1 and 1.6:1 (WCAG's ratio). */
const GREYS = ['#959595', '#aaaaaa', '#bbbbbb', '#cbcbcb'];
const TINTS = ['#f5ecd7', '#e7f0fa', '#eef6e8', '#fbe9e7'];

const STYLED: Exclude<Style, 'plain'>[] = ['grey', 'thin-serif', 'jpeg40', 'tint', 'dark'];
const SCRIPTS: Script[] = ['simplified', 'traditional'];

function region(random: Random): 'tw' | 'hk' {
  return random() < 0.5 ? 'tw' : 'hk';
}

function base(random: Random, script: Script, layout: Layout): Omit<PageSpec, 'name' | 'style'> {
  return {
    script,
    ...(script === 'traditional' ? { region: region(random) } : {}),
    layout,
    font: pick(random, FONTS[script]),
    fontSizePx: randomInt(random, 14, 18),
    deviceScaleFactor: random() < 0.3 ? 2 : 1,
    width: randomInt(random, 34, 46) * 20,
    format: 'png',
    text: '#222222',
    background: '#ffffff',
  };
}

function styled(page: Omit<PageSpec, 'name' | 'style'>, style: Style, random: Random): Omit<PageSpec, 'name'> {
  switch (style) {
    case 'grey':
      return { ...page, style, text: pick(random, GREYS) };
    case 'thin-serif':
      return { ...page, style, font: { family: page.script === 'simplified' ? 'Noto Serif CJK SC' : 'Noto Serif CJK TC', weight: 200 }, text: '#444444' };
    case 'jpeg40':
      return { ...page, style, format: 'jpeg', jpegQuality: 40, text: '#333333' };
    case 'tint':
      return { ...page, style, background: pick(random, TINTS), text: '#555555' };
    case 'dark':
      return { ...page, style, background: '#1f1f1f', text: '#c9c9c9' };
    default:
      return { ...page, style };
  }
}

export function holdoutPages(seed = DEFAULT_HOLDOUT_SEED): PageSpec[] {
  const random = mulberry32(seed);
  const pages: PageSpec[] = [];
  const add = (spec: Omit<PageSpec, 'name'>, slug: string) => {
    const name = `${String(pages.length + 1).padStart(2, '0')}-${slug}-${spec.script}`;
    pages.push({ ...spec, name });
    return name;
  };
  let article = 0;
  const nextArticle = () => ARTICLES[article++ % ARTICLES.length]!;

  // Styled pages, each after its black-on-white twin.
  for (const style of STYLED) {
    for (const script of SCRIPTS) {
      const page = { ...base(random, script, 'article'), article: nextArticle() };
      const twin = styled(page, style, random);
      const reference = add({ ...page, style: 'plain', ...(style === 'thin-serif' ? { font: twin.font } : {}) }, `${style}-reference`);
      add({ ...twin, reference }, style);
    }
  }
  for (const script of SCRIPTS) {
    add({ ...base(random, script, 'two-column'), style: 'plain', article: nextArticle(), width: 1000 }, 'two-column');
    add({ ...base(random, script, 'three-column'), style: 'plain', article: nextArticle(), width: 1100, fontSizePx: randomInt(random, 14, 16) }, 'three-column');
  }
  const cards = [...CARDS];
  add({ ...base(random, 'simplified', 'grid'), style: 'plain', cards: cards.slice(0, 6), gridColumns: 3, width: 960 }, 'grid-2x3');
  add({ ...base(random, 'traditional', 'grid'), style: 'plain', cards: cards.slice(0, 9), gridColumns: 3, width: 960 }, 'grid-3x3');
  for (const script of SCRIPTS) {
    add({ ...base(random, script, 'sidebar'), style: 'plain', article: nextArticle(), sidebar: SIDEBAR_LINKS, width: 1000 }, 'sidebar');
  }
  for (const script of SCRIPTS) {
    add({ ...base(random, script, 'vertical'), style: 'plain', vertical: VERTICAL_TEXT, fontSizePx: randomInt(random, 18, 22), width: 520 }, 'vertical');
  }
  return pages;
}
