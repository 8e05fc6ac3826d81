/**
 * Digits and the characters that extend a number in Chinese (余 "more than", 万 "ten
 * thousand", 多, 几 …). A term with digits at its edge (海外110) must not run into more of a
 * number: 旅居海外110余万 is "1.1 million living abroad", not the overseas 110 hotline.
 */
const NUMBER_PART = /[0-9０-９.,．余多万亿千百十几]/u;
const DIGIT = /[0-9０-９]/u;

export function numberContinues(chars: (i: number) => string | undefined, start: number, end: number): boolean {
  const first = chars(start);
  const last = chars(end - 1);
  const before = chars(start - 1);
  const after = chars(end);
  if (last !== undefined && DIGIT.test(last) && after !== undefined && NUMBER_PART.test(after)) return true;
  if (first !== undefined && DIGIT.test(first) && before !== undefined && DIGIT.test(before)) return true;
  return false;
}
