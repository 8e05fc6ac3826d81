import { InvalidArgumentError } from 'commander';

export const SUMMARY_FORMATS = ['text', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export function parseSummaryFormat(value: string): SummaryFormat {
  if ((SUMMARY_FORMATS as readonly string[]).includes(value)) return value as SummaryFormat;
  throw new InvalidArgumentError(`expected one of ${SUMMARY_FORMATS.join(', ')}`);
}
