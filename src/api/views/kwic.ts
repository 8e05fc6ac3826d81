/** One keyword-in-context line: the span and up to `width` code points either side, line breaks as spaces. */
export type KwicLine = { left: string; keyword: string; right: string };

export function kwicLine(text: string | readonly string[], start: number, end: number, width: number): KwicLine {
  const chars = typeof text === 'string' ? [...text] : text;
  const flat = (parts: readonly string[]) => parts.join('').replace(/\s+/g, ' ');
  return {
    left: flat(chars.slice(Math.max(0, start - width), start)),
    keyword: chars.slice(start, end).join(''),
    right: flat(chars.slice(end, end + width)),
  };
}
