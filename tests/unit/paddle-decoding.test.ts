import { describe, expect, it } from 'vitest';
import { decodeCtc } from '../../src/engines/paddle/ctc-decode.ts';
import { symbolsAlongSegment } from '../../src/engines/paddle/char-boxes.ts';
import { rescueWithRunnerUps } from '../../src/engines/paddle/runner-up-rescue.ts';
import { rescueIndex } from '../../src/engines/glossary-rescue.ts';

/**
 * CTC decoding and the evidence rule of the runner-up rescue, on score matrices written out by
 * hand: each row is one timestep's probabilities over [blank, 青, 田, 由, 县].
 */
const DICTIONARY = ['青', '田', '由', '县'];
const matrix = (rows: number[][]) => ({ scores: Float32Array.from(rows.flat()), steps: rows.length, classes: rows[0]!.length });

describe('decodeCtc', () => {
  it('collapses repeats, splits them at blanks, and keeps where each character fired', () => {
    const { scores, steps, classes } = matrix([
      [0.9, 0.1, 0, 0, 0],
      [0.1, 0.8, 0, 0, 0.1],
      [0.2, 0.7, 0, 0, 0.1],
      [0.9, 0, 0.1, 0, 0],
      [0.1, 0, 0.2, 0.6, 0.1],
      [0.9, 0.1, 0, 0, 0],
      [0.1, 0, 0, 0.7, 0.2],
    ]);
    const { characters } = decodeCtc(scores, steps, classes, DICTIONARY);
    expect(characters.map((c) => c.text).join('')).toBe('青由由');
    expect(characters.map((c) => [c.firstStep, c.lastStep])).toEqual([[1, 2], [4, 4], [6, 6]]);
    expect(characters[0]!.confidence).toBeCloseTo(0.8);
    // The best other label at any timestep of the run: 田 at 0.2 beside 由 at 0.6.
    expect(characters[1]!.runnerUp).toEqual({ text: '田', confidence: expect.closeTo(0.2, 5) });
    expect(characters[2]!.runnerUp?.text).toBe('县');
  });

  it('places characters along the segment by their timesteps, boundaries halfway between them', () => {
    const characters = [
      { text: '青', confidence: 0.9, firstStep: 1, lastStep: 1 },
      { text: '田', confidence: 0.9, firstStep: 5, lastStep: 5 },
    ];
    const segment = { x: 100, y: 10, w: 80, h: 20 };
    const ink = { x: 104, y: 12, w: 72, h: 16 };
    const symbols = symbolsAlongSegment(characters, 10, segment, ink);
    // A timestep covers 10 px: centres at 115 and 155, boundary at 135.
    expect(symbols.map((s) => s.box)).toEqual([
      { x: 104, y: 12, w: 31, h: 16 },
      { x: 135, y: 12, w: 41, h: 16 },
    ]);
  });
});

describe('rescueWithRunnerUps', () => {
  const index = rescueIndex(['青田', '青田县', '侨办', '侨联']);
  const read = (text: string, runnerUps: Record<number, [string, number]>) =>
    Array.from(text).map((ch, i) => ({
      text: ch,
      confidence: 0.9,
      firstStep: i,
      lastStep: i,
      ...(runnerUps[i] ? { runnerUp: { text: runnerUps[i]![0], confidence: runnerUps[i]![1] } } : {}),
    }));
  const text = (chars: { text: string }[]) => chars.map((c) => c.text).join('');

  it('takes a runner-up that makes a glossary term', () => {
    const { characters, rescued } = rescueWithRunnerUps(read('青由县公安局', { 1: ['田', 0.09] }), index);
    expect(text(characters)).toBe('青田县公安局');
    expect(rescued).toBe(1);
    // What the model preferred is kept as the runner-up, as evidence.
    expect(characters[1]!.runnerUp).toEqual({ text: '由', confidence: 0.9 });
  });

  it('ignores a runner-up below the confidence floor, one that makes no term, and never rewrites a term read right', () => {
    expect(text(rescueWithRunnerUps(read('青由县', { 1: ['田', 0.01] }), index).characters)).toBe('青由县');
    expect(text(rescueWithRunnerUps(read('青由县', { 1: ['甲', 0.3] }), index).characters)).toBe('青由县');
    expect(text(rescueWithRunnerUps(read('侨办主任', { 1: ['联', 0.4] }), index).characters)).toBe('侨办主任');
  });
});
