import { DependencyError } from '../errors.ts';
import { loadRecordedGlossary } from '../glossary/interchange/load-recorded-glossary.ts';
import { textContextOf, type TextContext } from '../pipeline/text-context.ts';

/**
 * The glossary a worker tags with. Pipeline jobs use whatever is loaded; a retag job names the
 * version it wants, and a worker holding another one reloads its glossary folder once (the
 * glossary was edited after the worker started). If the folder still holds another version,
 * the job fails as a dependency problem and is retried: another worker, or this one after the
 * files are synced, may have it.
 *
 * Every version loaded is recorded under the data folder, as the CLI's glossary commands do:
 * hits carry the version they were made with, and `glossary diff` can only name versions it has
 * a snapshot of.
 */
export class GlossaryContexts {
  private current: Promise<TextContext>;

  constructor(
    private readonly dir: string,
    private readonly dataDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.current = this.load();
  }

  async get(version: string | undefined): Promise<TextContext> {
    const ctx = await this.current;
    if (version === undefined || ctx.glossary.version === version) return ctx;
    const reloading = this.load();
    const reloaded = await reloading;
    if (reloaded.glossary.version !== version) {
      throw new DependencyError(
        'GLOSSARY_VERSION_MISMATCH',
        `the job asks for glossary version ${version.slice(0, 12)} but ${this.dir} holds ${reloaded.glossary.version.slice(0, 12)}; ` +
          `workers and the retag command must read the same glossary`,
      );
    }
    this.current = reloading;
    return reloaded;
  }

  private async load(): Promise<TextContext> {
    return textContextOf(await loadRecordedGlossary(this.dir, this.dataDir, this.warn));
  }
}
