/**
 * Renders the OCR test fixtures in tests/fixtures/ocr/ with real Chromium, so they look like
 * the browser screenshots users upload (subpixel positioning, CJK font fallback, antialiasing).
 * Next to each PNG goes a JSON file with the true text and every character's box as the
 * browser laid it out, so tests can check both what OCR read and where it says it read it.
 *
 *   node bin/termlens-dev.js scripts/render-ocr-fixtures.ts [NAME...]
 *
 * Needs Debian's chromium and the Noto CJK fonts (apt-get install chromium fonts-noto-cjk).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const OUT_DIR = path.resolve(import.meta.dirname, '..', 'tests', 'fixtures', 'ocr');

type Fixture = { name: string; script: 'simplified' | 'traditional'; width: number; html: string };

const BASE_CSS = `
  * { margin: 0; padding: 0; box-sizing: border-box; }
  body { background: #fff; color: #222; font-size: 17px; line-height: 1.75; }
  .page { padding: 18px 24px; }
  h1 { font-size: 22px; line-height: 1.5; margin-bottom: 10px; color: #111; }
  p { margin-bottom: 10px; text-indent: 2em; }
  .meta { color: #666; font-size: 14px; margin-bottom: 8px; text-indent: 0; }
`;

const FIXTURES: Fixture[] = [
  {
    name: 'simplified-paragraph',
    script: 'simplified',
    width: 720,
    html: `<style>${BASE_CSS} body { font-family: "Noto Sans CJK SC", sans-serif; }</style>
      <div class="page">
        <h1>南通市海内外警侨联动服务中心召开年度工作会议</h1>
        <p class="meta">来源：南通市公安局　发布时间：2019年1月16日</p>
        <p>会上，南通市副市长、市公安局局长通过视频连线部分海外站点，询问意见建议。目前，中心已在21个国家和地区成立了海外分中心及工作站，为侨胞提供法律咨询、求助热线接待和突发事件应急处置等服务。</p>
        <p>各工作站负责人表示，警侨联动为他们在外的正常生产和生活秩序提供了保障，希望中心在打击犯罪上再给予更多支持。相关视频已在WeChat公众号发布。</p>
      </div>`,
  },
  {
    name: 'traditional-paragraph',
    script: 'traditional',
    width: 720,
    html: `<style>${BASE_CSS} body { font-family: "Noto Sans CJK TC", sans-serif; }</style>
      <div class="page">
        <h1>溫州警僑海外聯絡點讓僑胞辦事省錢省時省力</h1>
        <p class="meta">記者報導　2018年5月3日</p>
        <p>溫州市公安局行政審批處處長告訴記者，在海外聯絡點和國內工作室之間搭建了網絡連線平台，僑胞可以在線諮詢、在線預審，不用回國、不跨轄區、不需出門就能辦理相關證件。</p>
        <p>目前，溫州公安已在溫哥華、悉尼、巴黎、紐約等地設立海外聯絡服務站點，搭建溝通聯繫與應急救助平台。</p>
      </div>`,
  },
  {
    name: 'dark-nav-bar',
    script: 'simplified',
    width: 760,
    html: `<style>${BASE_CSS}
        body { font-family: "Noto Sans CJK SC", sans-serif; }
        .masthead { background: #b3140f; color: #fff; font-size: 26px; font-weight: bold; padding: 14px 24px; line-height: 1.4; }
        nav { background: #1d2b4a; padding: 0 24px; }
        nav span { display: inline-block; color: #fff; font-size: 17px; line-height: 46px; margin-right: 30px; }
        .crumb { color: #888; font-size: 14px; margin-bottom: 6px; }
        footer { background: #2b2b2b; color: #ddd; font-size: 14px; padding: 10px 24px; line-height: 1.6; }
      </style>
      <div class="masthead">海安市公安局</div>
      <nav><span>首页</span><span>警务公开</span><span>侨务服务</span><span>海外联络站</span><span>办事指南</span></nav>
      <div class="page">
        <h1>海外联络站开展侨胞走访活动</h1>
        <p>海安市李堡镇一批批村民走出国门，足迹遍布美国、澳大利亚、新加坡、以色列等国家。为及时掌握海外侨胞动态，联络站定期开展走访，帮助侨胞解决实际困难。</p>
      </div>
      <footer>主办单位：海安市公安局　联系电话：0513-88888888</footer>`,
  },
  {
    // Issue #20: faint grey traditional text (2.3:1 on white) in a light serif, carrying core terms.
    name: 'faint-traditional',
    script: 'traditional',
    width: 720,
    html: `<style>${BASE_CSS} body { font-family: "Noto Serif CJK TC"; font-weight: 300; color: #aaaaaa; } h1 { color: #999999; }</style>
      <div class="page">
        <h1>僑鄉設立警僑驛站　聘請僑領擔任海外聯絡員</h1>
        <p class="meta">本報訊　2021年7月9日</p>
        <p>縣公安局在當地僑團支持下設立警僑驛站，並聘請三名僑領擔任海外聯絡員。縣委統戰部負責人出席授牌儀式，表示將堅持以僑治僑，做好維穩工作。</p>
        <p>據介紹，驛站開通海外110求助熱線，配合天網、獵狐等行動開展追逃追贓，已協助勸返外逃人員兩名。</p>
      </div>`,
  },
];

type CharBox = { ch: string; x: number; y: number; w: number; h: number };

/** Runs in the page: the true text (block elements on separate lines) and each character's box. */
function collectLayout(): { text: string; chars: CharBox[] } {
  const chars: CharBox[] = [];
  const lines: string[] = [];
  const blocks = document.querySelectorAll('h1, p, nav span, .masthead, footer');
  let navLine: string[] = [];
  const flushNav = () => {
    if (navLine.length > 0) lines.push(navLine.join(' '));
    navLine = [];
  };
  for (const block of Array.from(blocks)) {
    const text = (block.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (block.matches('nav span')) navLine.push(text);
    else {
      flushNav();
      lines.push(text);
    }
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue ?? '';
      let offset = 0;
      for (const ch of value) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + ch.length);
        offset += ch.length;
        if (/\s/.test(ch)) continue;
        const rect = range.getBoundingClientRect();
        chars.push({ ch, x: Math.round(rect.x), y: Math.round(rect.y), w: Math.round(rect.width), h: Math.round(rect.height) });
      }
    }
  }
  flushNav();
  return { text: lines.join('\n'), chars };
}

async function main(): Promise<void> {
  await fs.mkdir(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // Names on the command line render only those fixtures (the others stay byte for byte).
    const only = process.argv.slice(2);
    for (const fixture of FIXTURES.filter((f) => only.length === 0 || only.includes(f.name))) {
      const page = await browser.newPage({ viewport: { width: fixture.width, height: 200 }, deviceScaleFactor: 1 });
      await page.setContent(`<!doctype html><html lang="${fixture.script === 'traditional' ? 'zh-Hant' : 'zh-Hans'}"><meta charset="utf-8"><body>${fixture.html}</body></html>`);
      await page.evaluate(() => document.fonts.ready);
      // tsx compiles with keepNames, which wraps local functions in a __name() helper the page lacks.
      await page.evaluate('globalThis.__name = (fn) => fn');
      const layout = await page.evaluate(collectLayout);
      const png = await page.screenshot({ fullPage: true, type: 'png' });
      await fs.writeFile(path.join(OUT_DIR, `${fixture.name}.png`), png);
      const truth = { name: fixture.name, script: fixture.script, text: layout.text, chars: layout.chars };
      await fs.writeFile(path.join(OUT_DIR, `${fixture.name}.json`), `${JSON.stringify(truth, null, 1)}\n`);
      console.error(`${fixture.name}.png: ${png.length} bytes, ${layout.chars.length} characters`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
