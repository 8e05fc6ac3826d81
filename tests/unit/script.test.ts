import { describe, expect, it } from 'vitest';
import { classifyChar, detectScript } from '../../src/script/han-script.ts';
import { analyseScript } from '../../src/stages/script.ts';

describe('script detection', () => {
  it('tells simplified, traditional, mixed and none apart', () => {
    expect(detectScript('南通市警侨驿站聘请侨领担任海外联络员')).toBe('simplified');
    expect(detectScript('青田縣警僑驛站聘請僑領擔任海外聯絡員')).toBe('traditional');
    expect(detectScript('警侨驿站与警僑驛站、海外联络员与海外聯絡員')).toBe('mixed');
    expect(detectScript('Police station 110, 2022')).toBe('none');
    expect(detectScript('')).toBe('none');
  });

  it('does not call a Taiwanese page mixed because of characters both scripts use', () => {
    expect(classifyChar('台')).toBe('shared');
    expect(detectScript('台灣警政署與僑委會在台北舉辦記者會，說明海外僑胞的服務')).toBe('traditional');
  });

  it('lets a stray misread character pass without calling the page mixed', () => {
    expect(detectScript('青田縣警僑驛站聘請僑領擔任海外聯絡員，協助當地僑團處理糾紛，侨')).toBe('traditional');
  });
});

describe('simplified form with an offset map', () => {
  it('maps every simplified code unit back to a code point of the text, astral characters included', () => {
    const text = '𠮷野家 警僑驛站\n聘請';
    const result = analyseScript(text);
    expect(result.simplified).toBe('𠮷野家 警侨驿站\n聘请');
    expect(result.length).toBe(result.simplified.length);
    const textChars = [...text];
    expect(result.toText[result.length]).toBe(textChars.length);
    // 𠮷 is two code units of the simplified form, both from code point 0 of the text.
    expect([result.toText[0], result.toText[1], result.toText[2]]).toEqual([0, 0, 1]);
    // 侨 (code unit 6 of the simplified form) came from 僑, code point 5 of the text.
    expect(result.simplified[6]).toBe('侨');
    expect(textChars[result.toText[6]!]).toBe('僑');
  });
});
