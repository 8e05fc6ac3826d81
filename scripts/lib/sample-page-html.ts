/** The HTML of one sample page: a template per layout (police, WeChat, state media, …) around the passage. */
import type { FontKind, SampleSpec } from '../sample-passages.ts';
import type { MarkupRenderer } from './sample-markup.ts';

const FONT_FAMILIES: Record<FontKind, { simplified: string; traditional: string }> = {
  sans: { simplified: 'Noto Sans CJK SC', traditional: 'Noto Sans CJK TC' },
  serif: { simplified: 'Noto Serif CJK SC', traditional: 'Noto Serif CJK TC' },
  kai: { simplified: 'AR PL UKai CN', traditional: 'AR PL UKai TW' },
  ming: { simplified: 'AR PL UMing CN', traditional: 'AR PL UMing TW' },
};

export function fontFamily(spec: SampleSpec): string {
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

export function pageHtml(spec: SampleSpec, r: MarkupRenderer): string {
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
