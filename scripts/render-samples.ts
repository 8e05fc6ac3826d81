/**
 * Renders samples/: realistic screenshots of Chinese police, state-media, government and
 * WeChat pages, with ground-truth text and expected glossary hits taken from Chromium's own
 * layout (so line breaks and boxes are exactly what is on the image).
 *
 *   npx tsx scripts/render-samples.ts            # render all
 *   npx tsx scripts/render-samples.ts 05 12      # only samples whose number or slug matches
 *   npx tsx scripts/render-samples.ts --review   # dry run: every glossary form found, in context
 *
 * Needs Debian's chromium and the CJK fonts (fonts-noto-cjk, fonts-arphic-ukai/uming).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { type Box, unionBoxes } from '../src/domain/geometry.ts';
import type { GlossaryEntry } from '../src/domain/glossary.ts';
import { foldToSimplified } from '../src/glossary/glossary-forms.ts';
import { loadGlossary } from '../src/glossary/load-glossary.ts';
import { simplifyChar } from '../src/script/han-script.ts';
import { assembleText, type TextRec as RenderedTextRec, toImageBox } from './lib/rendered-chars.ts';
import { REQUIRED_TERMS, SAMPLES, TRAP_LOOKALIKE, type FontKind, type SampleSpec } from './sample-passages.ts';
import type { ExpectedHit, Sample, Trap } from './samples-manifest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'samples');
const CHROMIUM = '/usr/bin/chromium';
const MAX_FILE_BYTES = 300 * 1024;

const openccTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });
/** Where opencc's standard form differs from what Taiwanese news sites actually print. */
const TAIWAN_USAGE: [string, string][] = [['平臺', '平台']];
const toTaiwan = (s: string): string =>
  TAIWAN_USAGE.reduce((acc, [from, to]) => acc.replaceAll(from, to), openccTaiwan(s));

// ---------------------------------------------------------------------------------------------
// Markup

interface Segment {
  kind: 'plain' | 'hit' | 'trap';
  /** Text in the page's script, with ⏎ still in it. */
  text: string;
  term?: string;
  why?: string;
}

const MARKUP = /【([^】]*)】|〔([^〕]*)〕/g;

function parseMarkup(src: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of src.matchAll(MARKUP)) {
    const idx = m.index ?? 0;
    if (idx > last) out.push({ kind: 'plain', text: src.slice(last, idx) });
    if (m[1] !== undefined) {
      const bar = m[1].indexOf('|');
      const text = bar < 0 ? m[1] : m[1].slice(0, bar);
      const term = bar < 0 ? text.replaceAll('⏎', '') : m[1].slice(bar + 1);
      out.push({ kind: 'hit', text, term });
    } else {
      const inner = m[2] ?? '';
      const bar = inner.indexOf('|');
      if (bar < 0) throw new Error(`trap without a reason: ${m[0]}`);
      const text = inner.slice(0, bar);
      const why = inner.slice(bar + 1);
      out.push({ kind: 'trap', text, why });
    }
    last = idx + m[0].length;
  }
  if (last < src.length) out.push({ kind: 'plain', text: src.slice(last) });
  return out;
}

function plainLength(src: string): number {
  return [...parseMarkup(src).map((s) => s.text.replaceAll('⏎', '')).join('')].length;
}

interface HitSpec {
  id: number;
  /** The canonical term the mark asserts. */
  term: string;
  text: string;
}
interface TrapSpec {
  id: number;
  text: string;
  entry: GlossaryEntry;
  lookalike: boolean;
  why: string;
}

/** Turns markup into HTML for one page, registering hits and traps under running ids. */
class MarkupRenderer {
  readonly hits: HitSpec[] = [];
  readonly traps: TrapSpec[] = [];
  constructor(
    private readonly traditional: boolean,
    private readonly glossary: GlossaryIndex,
  ) {}

  private convert(text: string): string {
    return this.traditional ? toTaiwan(text) : text;
  }

  html(src: string): string {
    return parseMarkup(src)
      .map((seg) => {
        const text = this.convert(seg.text);
        const inner = escapeHtml(text).replaceAll('⏎', '<br>');
        if (seg.kind === 'hit') {
          const id = this.hits.length;
          this.hits.push({ id, term: seg.term ?? text, text: text.replaceAll('⏎', '') });
          return `<span data-hit="${id}">${inner}</span>`;
        }
        if (seg.kind === 'trap') {
          const id = this.traps.length;
          const simplified = seg.text.replaceAll('⏎', '');
          const lookalike = Object.hasOwn(TRAP_LOOKALIKE, simplified);
          const entry = this.glossary.entryOfForm(TRAP_LOOKALIKE[simplified] ?? simplified);
          if (!entry) throw new Error(`trap ${simplified} names no glossary form`);
          this.traps.push({ id, text: text.replaceAll('⏎', ''), entry, lookalike, why: seg.why ?? '' });
          return `<span data-trap="${id}">${inner}</span>`;
        }
        return inner;
      })
      .join('');
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------
// Page templates

const FONT_FAMILIES: Record<FontKind, { simplified: string; traditional: string }> = {
  sans: { simplified: 'Noto Sans CJK SC', traditional: 'Noto Sans CJK TC' },
  serif: { simplified: 'Noto Serif CJK SC', traditional: 'Noto Serif CJK TC' },
  kai: { simplified: 'AR PL UKai CN', traditional: 'AR PL UKai TW' },
  ming: { simplified: 'AR PL UMing CN', traditional: 'AR PL UMing TW' },
};

function fontFamily(spec: SampleSpec): string {
  return FONT_FAMILIES[spec.font][spec.script];
}

const BASE_CSS = `
* { box-sizing: border-box; margin: 0; padding: 0; }
html, body { background: #fff; }
body { -webkit-font-smoothing: antialiased; text-rendering: optimizeLegibility; }
#page { overflow: hidden; position: relative; }
a { color: inherit; text-decoration: none; }
p { text-align: justify; }
.photo { border-radius: 2px; background:
  linear-gradient(to top, #55624f 0 16%, transparent 16%),
  linear-gradient(to top, rgba(40,48,60,.25) 0 40%, transparent 40%) 0 100% / 100% 100% no-repeat,
  repeating-linear-gradient(90deg, #7b8696 0 38px, #66707f 38px 60px, #98a3b1 60px 92px, #838d9c 92px 118px) 0 100% / 100% 58% no-repeat,
  repeating-linear-gradient(90deg, transparent 0 20px, #8e99a8 20px 54px, transparent 54px 96px) 0 100% / 100% 74% no-repeat,
  radial-gradient(ellipse at 72% 22%, rgba(255,255,255,.7), rgba(255,255,255,0) 30%),
  linear-gradient(180deg, #9fbad8 0%, #d7e3ef 100%); }
`;

function layoutHtml(spec: SampleSpec, r: MarkupRenderer): { css: string; body: string } {
  const size = spec.fontSizePx;
  const bodyColor = spec.lowContrast ? '#888' : '#333';
  const paras = (cls = '') =>
    spec.body.map((p) => `<p class="${cls}" data-gt="body">${r.html(p)}</p>`).join('\n');
  const metaSpans = (sep = '') =>
    (spec.meta ?? []).map((m) => `<span>${r.html(m)}</span>`).join(sep);
  const navItems = (active = 0) =>
    (spec.nav ?? []).map((n, i) => `<a class="${i === active ? 'on' : ''}">${r.html(n)}</a>`).join('');
  const footer = (cls: string) =>
    (spec.footer ?? []).map((f) => `<div class="${cls}" data-gt="footer">${r.html(f)}</div>`).join('\n');

  switch (spec.layout) {
    case 'police': {
      const css = `
#page { background: #eef1f5; }
.head { height: 84px; display: flex; align-items: center; padding: 0 28px;
  background: linear-gradient(90deg, #0a2e66 0%, #134a9a 55%, #0a2e66 100%); }
.badge { width: 52px; height: 52px; border-radius: 50%; margin-right: 14px; flex: none;
  background: radial-gradient(circle at 50% 50%, #f4c430 0 30%, #c8102e 31% 58%, #f4c430 59% 64%, #0a2e66 65%); }
.site { color: #fff; font-size: 28px; font-weight: 700; letter-spacing: 3px; }
.nav { display: flex; background: ${spec.darkNav ?? '#0b2a5a'}; padding: 0 18px; }
.nav a { color: #fff; font-size: 16px; line-height: 44px; padding: 0 20px; }
.nav a.on { background: #c8102e; }
.crumb { font-size: 13px; color: #666; padding: 10px 28px; }
.art { background: #fff; margin: 0 18px 18px; padding: 26px 36px 30px; border: 1px solid #dde3ea; }
.art h1 { font-size: ${size + 8}px; color: #0a2e66; text-align: center; line-height: 1.45; margin-bottom: 12px; }
.meta { text-align: center; font-size: 13px; color: #888; padding-bottom: 12px; border-bottom: 1px dashed #ccd; margin-bottom: 18px; }
.meta > span { margin: 0 12px; }
.art p { font-size: ${size}px; line-height: 1.9; color: ${bodyColor}; text-indent: 2em; margin-bottom: 10px; }
.foot { background: #1f2d44; color: #c5cdd8; font-size: 13px; text-align: center; padding: 14px; }
`;
      const body = `
<div class="head"><div class="badge"></div><div class="site" data-gt="site">${r.html(spec.site)}</div></div>
<div class="nav" data-gt="nav">${navItems()}</div>
${spec.breadcrumb ? `<div class="crumb" data-gt="crumb">${r.html(spec.breadcrumb)}</div>` : ''}
<div class="art">
<h1 data-gt="title">${r.html(spec.title)}</h1>
<div class="meta" data-gt="meta">${metaSpans()}</div>
${paras()}
</div>
${footer('foot')}`;
      return { css, body };
    }
    case 'wechat': {
      const css = `
#page { padding: 22px 16px 18px; }
h1 { font-size: 22px; line-height: 1.4; color: #1a1a1a; font-weight: 700; margin-bottom: 14px; }
.meta { font-size: 15px; color: rgba(0,0,0,.35); margin-bottom: 22px; }
.meta > span { margin-right: 8px; }
.meta > span.acct { color: #576b95; }
.meta > span.tag { color: rgba(0,0,0,.3); background: rgba(0,0,0,.05); font-size: 12px; padding: 1px 4px; border-radius: 2px; }
p { font-size: ${size}px; line-height: 1.75; letter-spacing: .5px; color: ${spec.lowContrast ? '#888' : '#333'}; margin-bottom: 20px; }
.photo { height: 190px; margin: 0 0 20px; }
.wxfoot { font-size: 15px; color: rgba(0,0,0,.3); margin-top: 6px; }
`;
      const meta = (spec.meta ?? [])
        .map((m) => {
          const cls = m === '原创' ? 'tag' : m === spec.site ? 'acct' : '';
          return `<span class="${cls}">${r.html(m)}</span>`;
        })
        .join('');
      const [first, ...rest] = spec.body;
      const body = `
<h1 data-gt="title">${r.html(spec.title)}</h1>
<div class="meta" data-gt="meta">${meta}</div>
${first ? `<p data-gt="body">${r.html(first)}</p>` : ''}
<div class="photo"></div>
${rest.map((p) => `<p data-gt="body">${r.html(p)}</p>`).join('\n')}
${footer('wxfoot')}`;
      return { css, body };
    }
    case 'statemedia': {
      const dark = Boolean(spec.darkNav);
      const css = `
.head { background: #c4161c; height: 64px; display: flex; align-items: center; padding: 0 30px; }
.logo { color: #fff; font-size: 30px; font-weight: 900; letter-spacing: 2px; }
.nav { display: flex; padding: 0 20px; ${dark ? `background: ${spec.darkNav};` : 'background: #f4f4f4; border-bottom: 2px solid #c4161c;'} }
.nav a { font-size: 15px; line-height: 40px; padding: 0 18px; color: ${dark ? '#fff' : '#333'}; }
.nav a.on { ${dark ? 'background: rgba(255,255,255,.16);' : 'color: #c4161c; font-weight: 700;'} }
main { padding: 26px 40px 24px; }
h1 { font-size: ${size + 10}px; line-height: 1.4; color: #222; margin-bottom: 12px; }
.meta { font-size: 13px; color: #999; padding-bottom: 12px; margin-bottom: 18px; border-bottom: 1px solid #e5e5e5; }
.meta > span { margin-right: 18px; }
.lead { font-size: ${size + 1}px; font-weight: 700; color: #333; margin-bottom: 10px; }
p { font-size: ${size}px; line-height: 1.85; color: ${bodyColor}; text-indent: 2em; margin-bottom: 12px; }
.editor { text-align: right; font-size: 13px; color: #999; }
`;
      const body = `
<div class="head"><div class="logo" data-gt="site">${r.html(spec.site)}</div></div>
${spec.nav ? `<div class="nav" data-gt="nav">${navItems()}</div>` : ''}
<main>
<h1 data-gt="title">${r.html(spec.title)}</h1>
<div class="meta" data-gt="meta">${metaSpans()}</div>
${spec.lead ? `<div class="lead" data-gt="lead">${r.html(spec.lead)}</div>` : ''}
${paras()}
${footer('editor')}
</main>`;
      return { css, body };
    }
    case 'gov': {
      const css = `
.head { height: 88px; display: flex; align-items: center; padding: 0 32px;
  background: linear-gradient(180deg, #1f5fae 0%, #2f78c8 100%); border-bottom: 4px solid #f2b705; }
.emblem { width: 54px; height: 54px; border-radius: 50%; margin-right: 16px;
  background: radial-gradient(circle, #f7d04a 0 34%, #d8261c 35% 70%, #f7d04a 71% 76%, transparent 77%); }
.site { color: #fff; font-size: 30px; font-weight: 700; letter-spacing: 4px; }
.crumb { font-size: 13px; color: #555; padding: 10px 32px; background: #f5f7fa; border-bottom: 1px solid #e3e8ee; }
.wrap { padding: 20px 32px 26px; }
table.info { width: 100%; border-collapse: collapse; font-size: 13px; color: #555; margin-bottom: 22px; }
table.info td { border: 1px solid #d6dee8; padding: 7px 10px; background: #fafcff; }
h1 { font-size: ${size + 8}px; color: #1f3b64; text-align: center; line-height: 1.5; margin-bottom: 18px; }
p { font-size: ${size}px; line-height: 2; color: ${bodyColor}; text-indent: 2em; margin-bottom: 10px; }
`;
      const meta = spec.meta ?? [];
      const rows: string[] = [];
      for (let i = 0; i < meta.length; i += 2) {
        const a = meta[i] ?? '';
        const b = meta[i + 1];
        rows.push(
          b === undefined
            ? `<tr><td colspan="2">${r.html(a)}</td></tr>`
            : `<tr><td>${r.html(a)}</td><td>${r.html(b)}</td></tr>`,
        );
      }
      const body = `
<div class="head"><div class="emblem"></div><div class="site" data-gt="site">${r.html(spec.site)}</div></div>
${spec.breadcrumb ? `<div class="crumb" data-gt="crumb">${r.html(spec.breadcrumb)}</div>` : ''}
<div class="wrap">
<table class="info" data-gt="meta">${rows.join('')}</table>
<h1 data-gt="title">${r.html(spec.title)}</h1>
${paras()}
</div>`;
      return { css, body };
    }
    case 'journal': {
      const css = `
#page { background: #fbf9f1; padding: 26px 44px 20px; }
.run { font-size: 13px; color: #6b6252; border-bottom: 1px solid #8d8370; padding-bottom: 6px; margin-bottom: 22px; text-align: right; }
h1 { font-size: ${size + 8}px; text-align: center; color: #2b2620; margin-bottom: 12px; }
.by { font-size: 14px; text-align: center; color: #4a4338; margin-bottom: 6px; }
p { font-size: ${size}px; line-height: 1.8; color: #2b2620; text-indent: 2em; margin-top: 14px; }
.pg { font-size: 13px; text-align: center; color: #6b6252; margin-top: 18px; }
`;
      const body = `
<div class="run" data-gt="site">${r.html(spec.site)}</div>
<h1 data-gt="title">${r.html(spec.title)}</h1>
${(spec.meta ?? []).map((m) => `<div class="by" data-gt="meta">${r.html(m)}</div>`).join('\n')}
${paras()}
${footer('pg')}`;
      return { css, body };
    }
    case 'certificate': {
      const css = `
#page { background: #f3ede0; padding: 22px; }
.cert { position: relative; background: #fffaf0; border: 6px double #b3121f; outline: 2px solid #b3121f; outline-offset: 6px; padding: 34px 46px 40px; }
h1 { font-size: 40px; text-align: center; color: #b3121f; letter-spacing: 10px; margin-bottom: 24px; }
p { font-size: ${size}px; line-height: 2.1; color: #1d1d1d; text-indent: 2em; }
.sign { text-align: right; font-size: ${size}px; line-height: 2; color: #1d1d1d; padding-right: 8px; }
.sign:first-of-type { margin-top: 26px; }
.seal { position: absolute; right: 40px; bottom: 22px; width: 104px; height: 104px; border-radius: 50%;
  border: 4px solid rgba(205, 20, 30, .6); mix-blend-mode: multiply; }
.seal::after { content: ''; position: absolute; left: 34px; top: 32px; width: 28px; height: 28px; background: rgba(205, 20, 30, .55);
  clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%); }
`;
      const body = `
<div class="cert">
<h1 data-gt="title">${r.html(spec.title)}</h1>
${paras()}
${footer('sign')}
<div class="seal"></div>
</div>`;
      return { css, body };
    }
    case 'newslist': {
      const css = `
.head { height: 70px; display: flex; align-items: center; padding: 0 26px; background: #fff; border-bottom: 1px solid #ddd; }
.badge { width: 44px; height: 44px; border-radius: 50%; margin-right: 12px;
  background: radial-gradient(circle, #f4c430 0 30%, #1d4f9c 31% 62%, #f4c430 63% 68%, transparent 69%); }
.site { font-size: 26px; font-weight: 700; color: #1d4f9c; letter-spacing: 2px; }
.nav { display: flex; background: ${spec.darkNav ?? '#1b1f2a'}; padding: 0 16px; }
.nav a { color: #fff; font-size: 15px; line-height: 42px; padding: 0 18px; }
.nav a.on { background: #2f6fd1; }
.col { padding: 18px 26px 22px; }
h1 { font-size: 18px; color: #1d4f9c; border-bottom: 2px solid #1d4f9c; padding-bottom: 6px; margin-bottom: 6px; }
ul { list-style: none; }
li { display: flex; justify-content: space-between; font-size: ${size}px; line-height: 2.6; border-bottom: 1px dotted #ccc; padding-left: 14px; position: relative; color: #333; }
li::before { content: ''; position: absolute; left: 2px; top: 50%; width: 5px; height: 5px; margin-top: -2px; background: #1d4f9c; }
li .dt { color: #999; }
.pager { text-align: center; font-size: 13px; color: #666; margin-top: 14px; }
`;
      const items = (spec.list ?? [])
        .map((it) => `<li data-gt="list"><span>${r.html(it.headline)}</span><span class="dt">${r.html(it.date)}</span></li>`)
        .join('\n');
      const body = `
<div class="head"><div class="badge"></div><div class="site" data-gt="site">${r.html(spec.site)}</div></div>
<div class="nav" data-gt="nav">${navItems(1)}</div>
<div class="col">
<h1 data-gt="title">${r.html(spec.title)}</h1>
<ul>${items}</ul>
${footer('pager')}
</div>`;
      return { css, body };
    }
    case 'twnews': {
      const css = `
.head { padding: 16px 30px 10px; display: flex; align-items: baseline; }
.logo { font-size: 30px; font-weight: 900; color: #0057a3; letter-spacing: 1px; }
.nav { display: flex; background: #f1f3f5; border-top: 3px solid #0057a3; padding: 0 20px; }
.nav a { font-size: 15px; line-height: 38px; padding: 0 16px; color: #333; }
.nav a.on { color: #0057a3; font-weight: 700; }
main { padding: 24px 30px 26px; }
h1 { font-size: ${size + 10}px; line-height: 1.4; color: #111; margin-bottom: 10px; }
.meta { font-size: 13px; color: #888; margin-bottom: 18px; }
.meta > span { margin-right: 14px; }
p { font-size: ${size}px; line-height: 1.9; color: ${bodyColor}; margin-bottom: 14px; }
blockquote { background: #f6f6f6; border-left: 4px solid #ccc; padding: 10px 16px; font-size: ${size}px; line-height: 1.8; color: #888; }
`;
      const body = `
<div class="head"><div class="logo" data-gt="site">${r.html(spec.site)}</div></div>
${spec.nav ? `<div class="nav" data-gt="nav">${navItems()}</div>` : ''}
<main>
<h1 data-gt="title">${r.html(spec.title)}</h1>
<div class="meta" data-gt="meta">${metaSpans()}</div>
${paras()}
${spec.quote ? `<blockquote data-gt="quote">${r.html(spec.quote)}</blockquote>` : ''}
</main>`;
      return { css, body };
    }
    case 'mobilenews': {
      const css = `
.bar { background: #222; height: 48px; display: flex; align-items: center; padding: 0 16px; }
.bar .site { color: #fff; font-size: 18px; font-weight: 700; letter-spacing: 1px; }
main { padding: 18px 16px 20px; }
h1 { font-size: 22px; line-height: 1.45; color: #111; margin-bottom: 10px; }
.meta { font-size: 13px; color: #999; margin-bottom: 16px; }
.meta > span { margin-right: 12px; }
.photo { height: 180px; margin-bottom: 16px; }
p { font-size: ${size}px; line-height: 1.8; color: ${bodyColor}; margin-bottom: 14px; }
`;
      const body = `
<div class="bar"><div class="site" data-gt="site">${r.html(spec.site)}</div></div>
<main>
<h1 data-gt="title">${r.html(spec.title)}</h1>
<div class="meta" data-gt="meta">${metaSpans()}</div>
<div class="photo"></div>
${paras()}
</main>`;
      return { css, body };
    }
  }
}

function pageHtml(spec: SampleSpec, r: MarkupRenderer): string {
  const { css, body } = layoutHtml(spec, r);
  const lang = spec.script === 'traditional' ? 'zh-TW' : 'zh-CN';
  // Noto Sans CJK SC last: it carries the rare (astral) characters the Arphic fonts lack.
  const family = `"${fontFamily(spec)}", "Noto Sans CJK SC", sans-serif`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${BASE_CSS}
body { font-family: ${family}; }
#page { width: ${spec.viewport.width}px; }
${css}</style></head>
<body><div id="page">${body}</div></body></html>`;
}

// ---------------------------------------------------------------------------------------------
// Ground truth from the DOM

interface CharRec {
  ch: string;
  /** CSS px relative to #page. */
  x: number;
  y: number;
  w: number;
  h: number;
  hit: number | null;
  trap: number | null;
  zone: string;
  spaceBefore: boolean;
}
interface LineRec {
  chars: CharRec[];
}

/**
 * Runs in the page, so it is plain JavaScript in a string (tsx would otherwise inject its
 * helpers into a function passed to page.evaluate). Each character is measured with its own
 * Range; a character starts a new visual line when its vertical middle leaves the current
 * line's box or it sits left of the previous one.
 */
const EXTRACT_JS = String.raw`(() => {
  const page = document.getElementById('page').getBoundingClientRect();
  const lines = [];
  for (const block of document.querySelectorAll('[data-gt]')) {
    const zone = block.getAttribute('data-gt');
    let cur = null;
    let pendingSpace = false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const el = node.parentElement;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      const fontSize = parseFloat(cs.fontSize);
      const hitEl = el.closest('[data-hit]');
      const trapEl = el.closest('[data-trap]');
      const s = node.data;
      let i = 0;
      while (i < s.length) {
        const cp = s.codePointAt(i);
        const len = cp > 0xffff ? 2 : 1;
        const ch = String.fromCodePoint(cp);
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + len);
        i += len;
        const rects = [...range.getClientRects()].filter((q) => q.width > 0.01 && q.height > 0.01);
        if (/\s/.test(ch)) { if (rects.length && cur) pendingSpace = true; continue; }
        if (!rects.length) continue;
        const q = rects[0];
        const mid = (q.top + q.bottom) / 2;
        const newLine = !cur || mid < cur.top || mid > cur.bottom || q.left < cur.right - fontSize * 0.5;
        let spaceBefore = false;
        if (newLine) {
          cur = { top: q.top, bottom: q.bottom, right: q.right, chars: [] };
          lines.push(cur);
        } else {
          spaceBefore = pendingSpace || q.left - cur.right > fontSize * 0.3;
        }
        pendingSpace = false;
        cur.right = q.right;
        cur.chars.push({
          ch, x: q.left - page.left, y: q.top - page.top, w: q.width, h: q.height,
          hit: hitEl ? Number(hitEl.getAttribute('data-hit')) : null,
          trap: trapEl ? Number(trapEl.getAttribute('data-trap')) : null,
          zone, spaceBefore,
        });
      }
    }
  }
  return lines.map((l) => ({ chars: l.chars }));
})()`;

type TextRec = RenderedTextRec<CharRec>;

// ---------------------------------------------------------------------------------------------
// Hits, traps and boxes

/** The span [start, end) of the records tagged with `id`, checked to be contiguous. */
function spanOf(
  recs: TextRec[],
  key: 'hit' | 'trap',
  id: number,
  dpr: number,
  width: number,
  height: number,
): { start: number; end: number; boxes: Box[] } {
  const idx = recs.flatMap((r, i) => (r.c && r.c[key] === id ? [i] : []));
  if (!idx.length) throw new Error(`${key} ${id} is not visible on the page`);
  const start = idx[0] as number;
  const end = (idx[idx.length - 1] as number) + 1;
  for (let i = start; i < end; i++) {
    const r = recs[i] as TextRec;
    if (r.ch !== '\n' && !(r.c && r.c[key] === id)) throw new Error(`${key} ${id} is not contiguous`);
  }
  const byLine = new Map<number, CharRec[]>();
  for (const i of idx) {
    const r = recs[i] as TextRec;
    const list = byLine.get(r.line) ?? [];
    list.push(r.c as CharRec);
    byLine.set(r.line, list);
  }
  const boxes = [...byLine.values()].map((rects) => toImageBox(rects, dpr, width, height));
  return { start, end, boxes };
}

function findAll(hay: readonly string[], needle: readonly string[]): number[] {
  const out: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}

/** The real glossary (glossary/*.yaml), indexed by the simplified fold of every surface form. */
class GlossaryIndex {
  private readonly byFold = new Map<string, GlossaryEntry>();
  private readonly byTerm = new Map<string, GlossaryEntry>();

  private constructor(forms: { simplified: string; entry: GlossaryEntry }[]) {
    for (const { simplified, entry } of forms) {
      // The glossary check forbids two entries sharing a fold.
      this.byFold.set(simplified, entry);
      this.byTerm.set(entry.term, entry);
    }
  }

  static async load(dir: string): Promise<GlossaryIndex> {
    const glossary = await loadGlossary(dir);
    const entries = new Map(glossary.entries.map((e) => [e.id, e]));
    return new GlossaryIndex(
      glossary.forms.map((f) => ({ simplified: f.simplified, entry: entries.get(f.entryId) as GlossaryEntry })),
    );
  }

  /** Every distinct fold, as code points, with its entry. */
  folds(): { fold: string[]; entry: GlossaryEntry }[] {
    return [...this.byFold].map(([fold, entry]) => ({ fold: [...fold], entry }));
  }

  entryOfForm(text: string): GlossaryEntry | undefined {
    return this.byFold.get(foldToSimplified(text));
  }

  entryOfTerm(term: string): GlossaryEntry | undefined {
    return this.byTerm.get(term);
  }
}

const HAN = /\p{Script=Han}/u;

/** A glossary form found in the ground truth; offsets are code points into the text. */
interface Occurrence {
  entry: GlossaryEntry;
  start: number;
  end: number;
  matched: string;
  /** Length of the form matched (line breaks inside it not counted): the longest wins. */
  length: number;
}

/**
 * Every occurrence of every glossary form in the ground truth, compared on its simplified fold
 * one code point at a time (so offsets stay put) with line breaks ignored where they touch a Han
 * character, so that a term wrapped across lines still counts: 海外联络⏎站, and 海外⏎110 too
 * (a break between two Latin or digit characters is kept). Overlapping occurrences are all kept.
 */
function findOccurrences(recs: TextRec[], glossary: GlossaryIndex): Occurrence[] {
  const text = recs.map((r) => r.ch);
  const kept = recs.flatMap((r, i) => {
    if (r.ch !== '\n') return [i];
    const before = text[i - 1];
    const after = text[i + 1];
    return (before !== undefined && HAN.test(before)) || (after !== undefined && HAN.test(after)) ? [] : [i];
  });
  const folded = kept.map((i) => {
    const ch = text[i] as string;
    const simple = simplifyChar(ch);
    return [...simple].length === 1 ? simple : ch;
  });
  const out: Occurrence[] = [];
  for (const { fold, entry } of glossary.folds()) {
    for (const at of findAll(folded, fold)) {
      const start = kept[at] as number;
      const end = (kept[at + fold.length - 1] as number) + 1;
      out.push({ entry, start, end, matched: text.slice(start, end).join(''), length: fold.length });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.length - a.length);
}

/** What became of one occurrence, for the review report. */
type Verdict =
  | { kind: 'expected'; marked: boolean }
  | { kind: 'trap'; trap: Trap }
  | { kind: 'nested'; in: Occurrence }
  | { kind: 'overlapped'; by: Occurrence };

interface Resolution {
  expected: Occurrence[];
  verdicts: Map<Occurrence, Verdict>;
}

/**
 * The expected hits: every occurrence not inside a trap, the longest winning where occurrences
 * overlap, then the earliest (the matcher's rule). Traps come first, as in the matcher, where a
 * form that breaks a word is dropped before overlaps are resolved.
 */
function resolveOccurrences(occurrences: Occurrence[], traps: Trap[]): Resolution {
  const verdicts = new Map<Occurrence, Verdict>();
  const free: Occurrence[] = [];
  for (const o of occurrences) {
    const trap = traps.find((t) => t.start <= o.start && o.end <= t.end);
    if (trap) verdicts.set(o, { kind: 'trap', trap });
    else free.push(o);
  }
  const ranked = [...free].sort((a, b) => b.length - a.length || a.start - b.start);
  const expected: Occurrence[] = [];
  for (const o of ranked) {
    const nestedIn = expected.find((e) => e.start <= o.start && o.end <= e.end);
    if (nestedIn) {
      verdicts.set(o, { kind: 'nested', in: nestedIn });
      continue;
    }
    const overlapping = expected.find((e) => e.start < o.end && o.start < e.end);
    if (overlapping) {
      verdicts.set(o, { kind: 'overlapped', by: overlapping });
      continue;
    }
    expected.push(o);
    verdicts.set(o, { kind: 'expected', marked: false });
  }
  expected.sort((a, b) => a.start - b.start);
  return { expected, verdicts };
}

/**
 * Checks the passages' markup against what the glossary finds: a 【mark】 must lie inside an
 * expected hit whose canonical term is the one it names (the hit may be a longer form of the same
 * entry: 海内外【警侨联动服务中心】, 【猎狐】行动), a 〔trap〕 must hold the form it names (or
 * name a lookalike) and overlap no expected hit of the same entry.
 */
function checkMarkup(
  marks: { term: string; start: number; end: number }[],
  traps: Trap[],
  /** Per trap: it names the term its text is mistaken for (菜鸟驿站 for 警侨驿站), not a form. */
  lookalike: boolean[],
  resolution: Resolution,
  occurrences: Occurrence[],
): string[] {
  const problems: string[] = [];
  for (const m of marks) {
    const hit = resolution.expected.find((e) => e.start <= m.start && m.end <= e.end);
    if (!hit) {
      const overlapping = resolution.expected.filter((e) => e.start < m.end && m.start < e.end);
      problems.push(
        `mark ${m.term} at ${m.start}-${m.end} is no expected hit` +
          (overlapping.length ? ` (expected: ${overlapping.map((e) => `${e.entry.term}=${e.matched}@${e.start}-${e.end}`).join(', ')})` : ''),
      );
      continue;
    }
    resolution.verdicts.set(hit, { kind: 'expected', marked: true });
    if (hit.entry.term !== m.term) {
      problems.push(`mark ${m.term} at ${m.start} is found as ${hit.entry.term}=${hit.matched}@${hit.start}-${hit.end}`);
    }
  }
  traps.forEach((t, i) => {
    const own = occurrences.some((o) => o.entry.id === t.entryId && o.start === t.start && o.end === t.end);
    if (!own && !lookalike[i]) problems.push(`trap ${t.text} at ${t.start} holds no form of ${t.term}`);
    const clash = resolution.expected.find((e) => e.entry.id === t.entryId && e.start < t.end && t.start < e.end);
    if (clash) problems.push(`trap ${t.text} at ${t.start} overlaps an expected ${clash.entry.term}`);
  });
  return problems;
}

function contextOf(text: readonly string[], start: number, end: number, width = 10): string {
  const show = (s: string[]) => s.join('').replaceAll('\n', '⏎');
  return `${show(text.slice(Math.max(0, start - width), start))}[${show(text.slice(start, end))}]${show(text.slice(end, end + width))}`;
}

/** One line per occurrence: what was found, where, and what the sample says about it. */
function reviewReport(stem: string, text: readonly string[], occurrences: Occurrence[], resolution: Resolution, traps: Trap[]): string[] {
  const lines = [`== ${stem}`];
  const says = (v: Verdict | undefined): string => {
    switch (v?.kind) {
      case 'expected':
        return v.marked ? 'EXPECTED (marked)' : 'EXPECTED';
      case 'trap':
        return `trap: ${v.trap.why}`;
      case 'nested':
        return `inside ${v.in.entry.term}=${v.in.matched.replaceAll('\n', '⏎')}`;
      case 'overlapped':
        return `overlaps ${v.by.entry.term}=${v.by.matched.replaceAll('\n', '⏎')} (longer or earlier)`;
      default:
        return '?';
    }
  };
  for (const o of occurrences) {
    lines.push(
      `  ${String(o.start).padStart(4)}  ${o.entry.term.padEnd(10, '　')} ${contextOf(text, o.start, o.end).padEnd(30, '　')}  ${says(resolution.verdicts.get(o))}`,
    );
  }
  for (const t of traps) {
    if (!occurrences.some((o) => o.start >= t.start && o.end <= t.end)) {
      lines.push(`  ${String(t.start).padStart(4)}  ${t.term.padEnd(10, '　')} ${contextOf(text, t.start, t.end).padEnd(30, '　')}  lookalike trap: ${t.why}`);
    }
  }
  return lines;
}

function groupBoxes(recs: TextRec[], dpr: number, width: number, height: number): Box[] {
  const byLine = new Map<number, CharRec[]>();
  for (const r of recs) {
    if (!r.c) continue;
    const list = byLine.get(r.line) ?? [];
    list.push(r.c);
    byLine.set(r.line, list);
  }
  return [...byLine.values()].map((rects) => toImageBox(rects, dpr, width, height));
}

// ---------------------------------------------------------------------------------------------
// Main

function fileStem(spec: SampleSpec, n: number): string {
  return `${String(n).padStart(2, '0')}-${spec.slug}-${spec.script}-${spec.font}`;
}

interface RenderOptions {
  glossary: GlossaryIndex;
  /**
   * A dry run: print every glossary form found in the ground truth, in context, with its
   * verdict (expected, trap, inside a longer hit), and write nothing.
   */
  review: boolean;
}

async function renderOne(browser: Browser, spec: SampleSpec, n: number, options: RenderOptions): Promise<Sample> {
  const { glossary } = options;
  const stem = fileStem(spec, n);
  const ext = spec.format === 'jpeg' ? 'jpg' : 'png';
  const dpr = spec.deviceScaleFactor;
  const phone = dpr === 3;
  const context = await browser.newContext({
    viewport: spec.viewport,
    deviceScaleFactor: dpr,
    isMobile: phone,
    hasTouch: phone,
    locale: spec.script === 'traditional' ? 'zh-TW' : 'zh-CN',
  });
  try {
    const page = await context.newPage();
    const r = new MarkupRenderer(spec.script === 'traditional', glossary);
    await page.setContent(pageHtml(spec, r), { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    // Whole CSS pixels, so the image is exactly width*dpr by height*dpr.
    const cssHeight = (await page.evaluate(
      `(() => { const p = document.getElementById('page'); const h = Math.ceil(p.getBoundingClientRect().height); p.style.height = h + 'px'; return h; })()`,
    )) as number;
    const cssWidth = spec.viewport.width;
    const lines = (await page.evaluate(EXTRACT_JS)) as LineRec[];
    const shot = await page.screenshot({
      clip: { x: 0, y: 0, width: cssWidth, height: cssHeight },
      fullPage: true,
      type: spec.format,
      ...(spec.format === 'jpeg' ? { quality: spec.jpegQuality ?? 80 } : {}),
    });
    let image: Buffer = shot;
    if (spec.format === 'png') {
      // Chromium writes fast, loosely compressed PNGs; recompress losslessly.
      image = await sharp(shot).png({ compressionLevel: 9, effort: 10 }).toBuffer();
      if (image.length > MAX_FILE_BYTES) {
        image = await sharp(shot).png({ compressionLevel: 9, palette: true, colours: 256, dither: 0 }).toBuffer();
      }
    }
    const meta = await sharp(image).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (width !== cssWidth * dpr || height !== cssHeight * dpr) {
      throw new Error(`${stem}: image ${width}x${height}, expected ${cssWidth * dpr}x${cssHeight * dpr}`);
    }

    const recs = assembleText(lines.map((l) => l.chars));
    const text = recs.map((x) => x.ch).join('');
    const cps = [...text];

    const marks = r.hits.map((h) => {
      const { start, end } = spanOf(recs, 'hit', h.id, dpr, width, height);
      const matched = cps.slice(start, end).join('');
      if (matched.replaceAll('\n', '') !== h.text) throw new Error(`${stem}: mark ${h.term} reads ${matched}`);
      return { term: h.term, start, end };
    });
    const traps: Trap[] = r.traps.map((t) => {
      const { start, end, boxes } = spanOf(recs, 'trap', t.id, dpr, width, height);
      const text = cps.slice(start, end).join('');
      return { term: t.entry.term, entryId: t.entry.id, text, start, end, why: t.why, bbox: unionBoxes(boxes)!, boxes };
    });
    const occurrences = findOccurrences(recs, glossary);
    const resolution = resolveOccurrences(occurrences, traps);
    const problems = checkMarkup(marks, traps, r.traps.map((t) => t.lookalike), resolution, occurrences);
    if (options.review) console.log(reviewReport(stem, cps, occurrences, resolution, traps).join('\n'));
    if (problems.length) throw new Error(`${stem}:\n  ${problems.join('\n  ')}`);

    const expected: ExpectedHit[] = resolution.expected.map((o) => {
      const boxes = groupBoxes(recs.slice(o.start, o.end), dpr, width, height);
      const nested = occurrences
        .filter((n) => n !== o && o.start <= n.start && n.end <= o.end && resolution.verdicts.get(n)?.kind === 'nested')
        .map((n) => ({ term: n.entry.term, entryId: n.entry.id, matched: n.matched, start: n.start, end: n.end }));
      return {
        term: o.entry.term,
        entryId: o.entry.id,
        matched: o.matched,
        start: o.start,
        end: o.end,
        bbox: unionBoxes(boxes)!,
        boxes,
        zone: (recs[o.start] as TextRec).c?.zone ?? '',
        ...(nested.length ? { nested } : {}),
      };
    });

    const features: string[] = [];
    if (spec.darkNav) features.push('dark-nav');
    if (spec.format === 'jpeg') features.push('jpeg');
    if (spec.lowContrast) features.push('low-contrast');
    if (expected.some((h) => h.matched.includes('\n'))) features.push('wrap');
    if (traps.some((t) => t.text.includes('\n'))) features.push('wrap-trap');
    if (r.traps.length) features.push('trap');
    if (cps.some((c) => (c.codePointAt(0) ?? 0) > 0xffff)) features.push('astral');
    if (phone) features.push('phone');
    if (dpr >= 2) features.push('hidpi');
    if (expected.some((h) => h.nested?.length)) features.push('nested-term');

    const file = `${stem}.${ext}`;
    if (!options.review) {
      await writeFile(path.join(OUT_DIR, file), image);
      await writeFile(path.join(OUT_DIR, `${stem}.txt`), text, 'utf8');
    }

    const passageSrc = spec.list ? spec.list.map((i) => i.headline).join('') : spec.body.join('') + (spec.quote ?? '');
    return {
      file,
      text: `${stem}.txt`,
      script: spec.script,
      layout: spec.layout,
      font: fontFamily(spec),
      fontKind: spec.font,
      fontSizePx: spec.fontSizePx,
      deviceScaleFactor: dpr,
      viewport: spec.viewport,
      features,
      width,
      height,
      bytes: image.length,
      passageChars: plainLength(passageSrc),
      source: spec.source,
      expected,
      traps,
    };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const review = args.includes('--review');
  const filters = args.filter((a) => !a.startsWith('--'));
  const glossary = await GlossaryIndex.load(path.join(ROOT, 'glossary'));
  await mkdir(OUT_DIR, { recursive: true });
  const numbered = SAMPLES.map((spec, i) => ({ spec, n: i + 1 }));
  const chosen = filters.length
    ? numbered.filter(({ spec, n }) => filters.some((f) => String(n).padStart(2, '0') === f || spec.slug.includes(f)))
    : numbered;

  const manifestPath = path.join(OUT_DIR, 'manifest.json');
  let previous: Sample[] = [];
  if (filters.length) {
    try {
      previous = (JSON.parse(await readFile(manifestPath, 'utf8')) as { samples: Sample[] }).samples;
    } catch {
      previous = [];
    }
  } else if (!review) {
    for (const f of await readdir(OUT_DIR)) {
      if (/^\d\d-.*\.(png|jpg|txt)$/.test(f)) await rm(path.join(OUT_DIR, f));
    }
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'],
  });
  const results = new Map<string, Sample>(previous.map((s) => [s.file.slice(0, 2), s]));
  let failed = 0;
  try {
    for (const { spec, n } of chosen) {
      let s: Sample;
      try {
        s = await renderOne(browser, spec, n, { glossary, review });
      } catch (err) {
        if (!review) throw err;
        // A review goes on past a sample whose markup disagrees with the glossary, to show them all.
        console.log(`!! ${(err as Error).message}`);
        failed += 1;
        continue;
      }
      results.set(s.file.slice(0, 2), s);
      const kb = (s.bytes / 1024).toFixed(0);
      console.error(`${s.file}  ${s.width}x${s.height}  ${kb} KB  hits=${s.expected.length} traps=${s.traps.length}  [${s.features.join(',')}]`);
      if (s.bytes > MAX_FILE_BYTES) console.error(`  warning: over ${MAX_FILE_BYTES / 1024} KB`);
    }
  } finally {
    await browser.close();
  }

  if (review) {
    console.error(`review of ${chosen.length} samples: ${failed} with problems; nothing written`);
    if (failed) process.exitCode = 1;
    return;
  }
  const samples = [...results.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  await writeFile(manifestPath, `${JSON.stringify({ samples }, null, 2)}\n`, 'utf8');

  const counts = new Map<string, number>();
  for (const s of samples) for (const h of s.expected) counts.set(h.term, (counts.get(h.term) ?? 0) + 1);
  const thin = REQUIRED_TERMS.filter((t) => (counts.get(t) ?? 0) < 3);
  console.error(`terms: ${[...counts.entries()].map(([t, c]) => `${t}×${c}`).join(' ')}`);
  if (thin.length) console.error(`warning: fewer than 3 hits for ${thin.join(' ')}`);
  const total = samples.reduce((a, s) => a + s.bytes, 0);
  console.error(`${samples.length} samples, ${(total / 1024 / 1024).toFixed(2)} MB`);
}

await main();
