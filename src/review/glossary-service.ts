import type { Glossary, GlossaryEntry, GlossaryProblem } from '../domain/glossary.ts';
import { editGlossaryEntry } from '../glossary/edit/edit-entry.ts';
import { loadRecordedGlossary } from '../glossary/interchange/load-recorded-glossary.ts';
import { recordGlossaryVersion } from '../glossary/interchange/version-store.ts';
import { loadGlossary } from '../glossary/load-glossary.ts';
import { textContextOf, type TextContext } from '../pipeline/text-context.ts';

export type GlossaryEdit = {
  versionBefore: string;
  versionAfter: string;
  /** False when the glossary already said all this (nothing was written). */
  changed: boolean;
  problems: GlossaryProblem[];
  entry?: GlossaryEntry;
};

/**
 * The glossary the service shows and tags with, kept in its folder. Edits go through the
 * interchange merge in memory (glossary/edit/edit-entry.ts), so they get the same checks, the
 * same YAML splicing and the same "never delete" merge rules as `termlens glossary import`;
 * edits are serialised so two admins cannot interleave writes. Knows nothing of HTTP: the API
 * holds one, and the CLI can open one on the same folder.
 */
export class GlossaryService {
  readonly dir: string;
  readonly #dataDir: string | undefined;
  #glossary: Glossary;
  #context: TextContext | undefined;
  #edits: Promise<unknown> = Promise.resolve();

  private constructor(dir: string, glossary: Glossary, dataDir: string | undefined) {
    this.dir = dir;
    this.#glossary = glossary;
    this.#dataDir = dataDir;
  }

  /**
   * `dataDir` is where version snapshots go (for `glossary diff`); unset, none are recorded.
   * The version loaded at start is recorded too: hits tagged in process carry it.
   */
  static async load(dir: string, options: { dataDir?: string; warn?: (message: string) => void } = {}): Promise<GlossaryService> {
    const glossary = options.dataDir ? await loadRecordedGlossary(dir, options.dataDir, options.warn) : await loadGlossary(dir);
    return new GlossaryService(dir, glossary, options.dataDir);
  }

  get current(): Glossary {
    return this.#glossary;
  }

  get version(): string {
    return this.#glossary.version;
  }

  entry(id: string): GlossaryEntry | undefined {
    return this.#glossary.entries.find((e) => e.id === id);
  }

  /** The compiled glossary and a segmenter that knows its words, for in-process tagging. */
  textContext(): TextContext {
    if (this.#context?.glossary.version !== this.#glossary.version) {
      this.#context = textContextOf(this.#glossary);
    }
    return this.#context;
  }

  async reload(): Promise<Glossary> {
    this.#glossary = await loadGlossary(this.dir);
    return this.#glossary;
  }

  /**
   * Adds or changes one entry; on any problem with an error severity nothing is written (a
   * plan that lands on another entry than the one meant included, see editGlossaryEntry).
   */
  edit(entry: GlossaryEntry): Promise<GlossaryEdit> {
    const run = this.#edits.then(() => this.#edit(entry));
    this.#edits = run.catch(() => undefined);
    return run;
  }

  async #edit(entry: GlossaryEntry): Promise<GlossaryEdit> {
    const versionBefore = this.#glossary.version;
    const { problems, outcome } = await editGlossaryEntry(this.dir, entry);
    if (problems.some((p) => p.severity === 'error')) return { versionBefore, versionAfter: versionBefore, changed: false, problems };
    const reloaded = await this.reload();
    if (this.#dataDir && outcome.entriesBefore && outcome.versionBefore) {
      await recordGlossaryVersion({ version: outcome.versionBefore, entries: outcome.entriesBefore }, this.#dataDir).catch(() => undefined);
      await recordGlossaryVersion(reloaded, this.#dataDir).catch(() => undefined);
    }
    return {
      versionBefore,
      versionAfter: reloaded.version,
      changed: outcome.files.length > 0,
      problems,
      ...(this.entry(entry.id) ? { entry: this.entry(entry.id)! } : {}),
    };
  }
}
