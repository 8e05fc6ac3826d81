/**
 * Pairs of characters that OCR engines mistake for one another in screenshots (same
 * components, one stroke apart). A fuzzy hit whose single differing character is one of these
 * pairs is much more likely an OCR error than a different word, so it gets a higher confidence.
 * Written in simplified script because matching happens on the simplified fold. 系 is there
 * because the seeds' own OCR turned 警侨驿站 into 警係驿站; 瓣 because tesseract reads the
 * traditional 辦 (办) as 瓣, which differs only in its middle part (samples/ page 13).
 */
const GROUPS = [
  '侨桥係系娇', '运远', '驿驲译泽坚', '站钻帖占', '联眹朕', '络终给绍洛', '警擎譬', '劝功劢动', '返近还', '猎措借猫猿',
  '统钪练', '纪记', '委季', '维推准', '稳隐', '授投援', '领颂须', '团因困转', '请清情倩', '聘娉骋',
  '追迫', '逃挑兆', '赃脏贼', '点占店', '员贝圆', '处外', '天夭无', '网冈罔', '家冢豪', '部郎',
  '监盐', '公么', '安女', '局句', '办力瓣', '务各', '线钱', '移侈', '民氏', '日曰',
  '己已巳', '未末', '土士', '人入八', '千干于', '大太犬', '王玉主', '田由甲申',
];

const partners = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const chars = [...group];
  for (const a of chars) {
    const set = partners.get(a) ?? new Set<string>();
    for (const b of chars) if (b !== a) set.add(b);
    partners.set(a, set);
  }
}

/** The characters OCR mistakes `ch` for (none when it is in no group). */
export function confusablePartners(ch: string): ReadonlySet<string> {
  return partners.get(ch) ?? new Set<string>();
}

export function areConfusable(a: string, b: string): boolean {
  return partners.get(a)?.has(b) ?? false;
}
