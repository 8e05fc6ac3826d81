import * as OpenCC from 'opencc-js';
import type { PageSpec } from './pages.ts';

/**
 * HTML for one holdout page. Every element whose text is ground truth carries `data-gt`; the
 * ground truth reads them in document order, which is the order a person reads the page in:
 * a column's text before the next column's, a card before the next card, the article before
 * its side bar, a caption after its picture.
 */

const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toHk = OpenCC.Converter({ from: 'cn', to: 'hk' });
/** Where opencc's standard form differs from what Taiwanese and Hong Kong sites print. */
const USAGE: [string, string][] = [['平臺', '平台']];

export function pageText(spec: PageSpec, text: string): string {
  if (spec.script === 'simplified') return text;
  const converted = (spec.region === 'hk' ? toHk : toTw)(text);
  return USAGE.reduce((acc, [from, to]) => acc.replaceAll(from, to), converted);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PHOTO = `background: linear-gradient(to top, #55624f 0 18%, transparent 18%),
  repeating-linear-gradient(90deg, #7b8696 0 38px, #66707f 38px 60px, #98a3b1 60px 92px) 0 100% / 100% 55% no-repeat,
  linear-gradient(180deg, #9fbad8 0%, #d7e3ef 100%);`;

export function pageHtml(spec: PageSpec): string {
  const t = (s: string) => escapeHtml(pageText(spec, s));
  const size = spec.fontSizePx;
  const heavy = spec.style === 'thin-serif' ? spec.font.weight : 700;
  const lang = spec.script === 'simplified' ? 'zh-Hans' : spec.region === 'hk' ? 'zh-HK' : 'zh-TW';
  const css = `
* { box-sizing: border-box; margin: 0; padding: 0; }
html, body { background: ${spec.background}; }
body { -webkit-font-smoothing: antialiased; font-family: "${spec.font.family}"; font-weight: ${spec.font.weight}; color: ${spec.text}; }
#page { padding: 24px 32px 28px; overflow: hidden; }
.site { font-size: ${size + 4}px; font-weight: ${heavy}; padding-bottom: 10px; margin-bottom: 16px; border-bottom: 2px solid ${spec.text}; }
h1 { font-size: ${size + 8}px; line-height: 1.45; font-weight: ${heavy}; margin-bottom: 10px; }
.meta { font-size: ${Math.max(12, size - 2)}px; margin-bottom: 16px; }
p { font-size: ${size}px; line-height: 1.85; text-align: justify; margin-bottom: 12px; }
.article p { text-indent: 2em; }
.photo { height: 180px; margin: 6px 0 6px; border-radius: 2px; ${PHOTO} }
.caption { font-size: ${Math.max(12, size - 2)}px; text-align: center; margin-bottom: 14px; }
.cols { column-gap: 44px; column-rule: 1px solid rgba(128,128,128,.35); }
.grid { display: grid; grid-template-columns: repeat(${spec.gridColumns ?? 3}, 1fr); gap: 18px; }
.card { border: 1px solid rgba(128,128,128,.5); border-radius: 6px; padding: 12px 14px; }
.card h3 { font-size: ${size + 2}px; font-weight: ${heavy}; margin-bottom: 6px; }
.card p { margin: 0; }
.with-side { display: grid; grid-template-columns: 1fr 260px; gap: 36px; }
aside { border-left: 1px solid rgba(128,128,128,.5); padding-left: 20px; }
aside h2 { font-size: ${size + 2}px; font-weight: ${heavy}; margin-bottom: 10px; }
aside li { list-style: none; font-size: ${Math.max(13, size - 1)}px; line-height: 1.7; margin-bottom: 8px; }
.vertical { writing-mode: vertical-rl; height: ${Math.round(size * 14)}px; }
.vertical p { font-size: ${size}px; line-height: 2; margin: 0 0 0 6px; text-align: start; }
.vertical p.vtitle { font-size: ${size + 6}px; font-weight: ${heavy}; margin-left: 16px; }
`;
  const a = spec.article;
  const head = a ? `<div class="site" data-gt="site">${t(a.site)}</div>\n<h1 data-gt="title">${t(a.title)}</h1>\n<div class="meta" data-gt="meta">${t(a.meta)}</div>` : '';
  const paras = (a?.paragraphs ?? []).map((p) => `<p data-gt="body">${t(p)}</p>`);
  let body: string;
  switch (spec.layout) {
    case 'article': {
      const [first, ...rest] = paras;
      const figure = a?.caption ? `<div class="photo"></div>\n<div class="caption" data-gt="caption">${t(a.caption)}</div>` : '';
      body = `${head}\n<div class="article">${first ?? ''}\n${figure}\n${rest.join('\n')}</div>`;
      break;
    }
    case 'two-column':
    case 'three-column':
      body = `${head}\n<div class="cols article" style="column-count: ${spec.layout === 'two-column' ? 2 : 3}">${paras.join('\n')}</div>`;
      break;
    case 'grid':
      body = `<h1 data-gt="title">${t('为侨服务项目一览')}</h1>\n<div class="grid">${(spec.cards ?? [])
        .map((c) => `<div class="card"><h3 data-gt="card">${t(c.heading)}</h3><p data-gt="card">${t(c.text)}</p></div>`)
        .join('\n')}</div>`;
      break;
    case 'sidebar':
      body = `${head}\n<div class="with-side"><div class="article">${paras.join('\n')}</div>\n<aside><h2 data-gt="side">${t('相关新闻')}</h2><ul>${(spec.sidebar ?? [])
        .map((l) => `<li data-gt="side">${t(l)}</li>`)
        .join('')}</ul></aside></div>`;
      break;
    case 'vertical': {
      const [title, ...lines] = spec.vertical ?? [];
      body = `<div class="vertical"><p class="vtitle" data-gt="title">${t(title ?? '')}</p>${lines.map((l) => `<p data-gt="body">${t(l)}</p>`).join('')}</div>`;
      break;
    }
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><style>${css}</style></head><body><div id="page">${body}</div></body></html>`;
}
