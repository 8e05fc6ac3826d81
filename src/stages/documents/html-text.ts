import type { ChildNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * The text a reader sees in an HTML page, and the images it shows, in document order. Parsed
 * by htmlparser2 (a forgiving parser: saved pages are rarely valid HTML); what a browser does
 * not show as text is dropped: scripts, styles, templates, hidden elements, the head but for
 * its title. Block elements break lines; whitespace collapses as a browser collapses it, and a
 * line break in the source between two Chinese characters is no space (CSS Text 3's segment
 * break rule), so 警侨 / 驿站 split across source lines still reads 警侨驿站.
 */

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'head', 'select', 'option']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'legend', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'title', 'tr', 'ul',
]);
const CELLS = new Set(['td', 'th']);
const PRESERVED = new Set(['pre', 'textarea']);

const CJK = String.raw`[\p{Script=Han}\u3000-\u303f\uff00-\uffef]`;
const SEGMENT_BREAK_BETWEEN_CJK = new RegExp(`(${CJK})[ \\t\\r\\n\\f]*[\\r\\n][ \\t\\r\\n\\f]*(?=${CJK})`, 'gu');

export type HtmlContent = { text: string; imageSources: string[] };

export function htmlText(html: string): HtmlContent {
  const document = parseDocument(html, { decodeEntities: true });
  const out: string[] = [];
  const imageSources: string[] = [];
  const titleElement = DomUtils.findOne((e) => e.name.toLowerCase() === 'title', document.children, true);
  const title = titleElement ? textOf(titleElement).replace(/\s+/g, ' ').trim() : undefined;

  const walk = (nodes: readonly ChildNode[], preserve: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const raw = node.data;
        out.push(preserve ? raw : raw.replace(SEGMENT_BREAK_BETWEEN_CJK, '$1').replace(/[ \t\r\n\f]+/g, ' '));
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const element = node as Element;
      const name = element.name.toLowerCase();
      if (SKIPPED.has(name) || element.attribs.hidden !== undefined) continue;
      if (name === 'br') {
        out.push('\n');
        continue;
      }
      if (name === 'img') {
        const src = element.attribs.src?.trim();
        if (src) {
          imageSources.push(src);
          out.push('\n');
        }
        continue;
      }
      const block = BLOCKS.has(name);
      if (block) out.push('\n');
      walk(element.children, preserve || PRESERVED.has(name));
      if (CELLS.has(name)) out.push(' ');
      if (block) out.push('\n');
    }
  };
  walk(document.children, false);

  const lines = out
    .join('')
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((line) => line !== '');
  if (title && lines[0] !== title) lines.unshift(title);
  return { text: lines.join('\n'), imageSources };
}

function textOf(element: Element): string {
  return element.children.map((child) => (child.type === 'text' ? child.data : child.type === 'tag' ? textOf(child as Element) : '')).join('');
}
