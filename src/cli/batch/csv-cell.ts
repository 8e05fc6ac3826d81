/**
 * One RFC 4180 cell. Text read off a screenshot is untrusted: a cell starting with = + - @ (or a
 * tab or carriage return) would run as a formula when a translator opens the CSV in a
 * spreadsheet, so such text gets a leading apostrophe. Numbers are written as they are.
 */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(values: readonly (string | number | undefined | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
