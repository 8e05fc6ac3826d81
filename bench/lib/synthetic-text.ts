import * as OpenCC from 'opencc-js';
import type { GlossaryForm } from '../../src/domain/glossary.ts';
import { pick, randomInt, type Random } from './prng.ts';

const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });

export type SyntheticTextOptions = {
  /** Stop once the text holds at least this many UTF-8 bytes. */
  bytes: number;
  /** Share of passages given in traditional script (converted with opencc cn → tw). */
  traditionalShare: number;
  /** Mean glossary forms sprinkled in after each passage. */
  termsPerPassage: number;
  /** Share of sprinkled forms with a line break inside, as a term wrapped on a screenshot. */
  wrappedShare: number;
};

export type SyntheticText = { text: string; bytes: number; passages: number; sprinkled: number; wrapped: number };

/** Real passages in random order, with glossary forms sprinkled between them. */
export function syntheticText(passages: readonly string[], forms: readonly GlossaryForm[], random: Random, options: SyntheticTextOptions): SyntheticText {
  const traditional = passages.map((p) => toTaiwan(p));
  const pieces: string[] = [];
  let bytes = 0;
  let count = 0;
  let sprinkled = 0;
  let wrapped = 0;
  const add = (piece: string) => {
    pieces.push(piece);
    bytes += Buffer.byteLength(piece, 'utf8');
  };
  while (bytes < options.bytes) {
    const i = Math.floor(random() * passages.length);
    add(random() < options.traditionalShare ? traditional[i]! : passages[i]!);
    count++;
    const terms = randomInt(random, 0, Math.round(options.termsPerPassage * 2));
    for (let t = 0; t < terms; t++) {
      let form = pick(random, forms).form;
      const chars = [...form];
      if (chars.length >= 2 && random() < options.wrappedShare) {
        const cut = randomInt(random, 1, chars.length - 1);
        form = `${chars.slice(0, cut).join('')}\n${chars.slice(cut).join('')}`;
        wrapped++;
      }
      add(`${form}，`);
      sprinkled++;
    }
    add('\n');
  }
  return { text: pieces.join(''), bytes, passages: count, sprinkled, wrapped };
}
