import type { Glossary } from '../../domain/glossary.ts';
import { loadGlossary } from '../load-glossary.ts';
import { recordGlossaryVersion } from './version-store.ts';

/**
 * Loads the glossary and keeps a snapshot of its version (see version-store.ts), so that every
 * version a command has worked with can be diffed later. A data folder that cannot be written
 * costs the snapshot, not the command: the problem is passed to `warn`.
 */
export async function loadRecordedGlossary(
  dir: string,
  dataDir: string,
  warn: (message: string) => void = (message) => process.stderr.write(`termlens: warning: ${message}\n`),
): Promise<Glossary> {
  const glossary = await loadGlossary(dir);
  try {
    await recordGlossaryVersion(glossary, dataDir);
  } catch (error) {
    warn(`glossary version ${glossary.version.slice(0, 12)} not recorded under ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return glossary;
}
