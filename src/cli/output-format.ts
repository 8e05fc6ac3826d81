import { InvalidArgumentError } from 'commander';

export const OUTPUT_FORMATS = ['table', 'jsonl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new InvalidArgumentError(`expected one of ${OUTPUT_FORMATS.join(', ')}`);
}
