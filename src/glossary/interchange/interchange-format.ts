import path from 'node:path';
import { InputError } from '../../errors.ts';

export const INTERCHANGE_FORMATS = ['tbx', 'csv', 'tsv'] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

const BY_EXTENSION: Record<string, InterchangeFormat> = { '.tbx': 'tbx', '.xml': 'tbx', '.csv': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.txt': 'tsv' };

/** The format named on the command line, else the one the file name says (.tbx, .csv, .tsv). */
export function interchangeFormat(file: string, named?: string): InterchangeFormat {
  if (named !== undefined) {
    const format = named.toLowerCase();
    if ((INTERCHANGE_FORMATS as readonly string[]).includes(format)) return format as InterchangeFormat;
    throw new InputError('GLOSSARY_FORMAT_UNKNOWN', `unknown glossary format "${named}" (one of ${INTERCHANGE_FORMATS.join(', ')})`);
  }
  const format = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (format) return format;
  throw new InputError('GLOSSARY_FORMAT_UNKNOWN', `cannot tell the format of ${file} from its name: use .tbx, .csv or .tsv, or --format`);
}
