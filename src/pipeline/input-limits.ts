import { config, type Config } from '../config.ts';
import type { BatchInputLimits } from '../input/batch-input-limits.ts';
import type { IngestLimits } from '../stages/ingest-image.ts';
import type { TextLimits } from '../stages/ingest-text.ts';

/**
 * The ingest stages' limits from the configuration. The stages take them as arguments (they
 * never read the environment); the pipelines and commands that run them on a user's files ask
 * here.
 */
export function imageLimits(c: Pick<Config, 'maxImagePixels' | 'maxImageBytes'> = config()): IngestLimits {
  return { maxImagePixels: c.maxImagePixels, maxImageBytes: c.maxImageBytes };
}

export function textLimits(c: Pick<Config, 'maxTextBytes'> = config()): TextLimits {
  return { maxTextBytes: c.maxTextBytes };
}

export function batchInputLimits(
  c: Pick<Config, 'zipMaxEntries' | 'zipMaxEntryBytes' | 'zipMaxTotalBytes' | 'maxImagePixels'> = config(),
): BatchInputLimits {
  return { maxEntries: c.zipMaxEntries, maxEntryBytes: c.zipMaxEntryBytes, maxTotalBytes: c.zipMaxTotalBytes, maxImagePixels: c.maxImagePixels };
}
