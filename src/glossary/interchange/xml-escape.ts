/** Characters XML 1.0 cannot carry at all, not even as references. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function escapeXmlText(text: string): string {
  assertXmlChars(text);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(text: string): string {
  assertXmlChars(text);
  // Line breaks and tabs in attributes are normalised to spaces by XML parsers unless written as references.
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function assertXmlChars(text: string): void {
  const bad = NOT_XML.exec(text);
  if (bad) throw new RangeError(`U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML: ${JSON.stringify(text.slice(0, 60))}`);
}
