import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Glossary, GlossaryEntry, GlossaryProblem } from '../../domain/glossary.ts';
import { exportDelimited } from '../../glossary/interchange/csv-export.ts';
import { importGlossary } from '../../glossary/interchange/import-glossary.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { recordGlossaryVersion } from '../../glossary/interchange/version-store.ts';
import { loadGlossary } from '../../glossary/load-glossary.ts';
import { textContextOf, type TextContext } from '../../pipeline/text-context.ts';

export type GlossaryEdit = {
  versionBefore: string;
  versionAfter: string;
  /** False when the glossary already said all this (nothing was written). */
  changed: boolean;
  problems: GlossaryProblem[];
  entry?: GlossaryEntry;
};

/**
 * The glossary the service shows and tags with, kept in its folder. Admin edits go through the
 * interchange import (the entry is written out as a one-row CSV and merged), so they get the
 * same checks, the same YAML splicing and the same "never delete" merge rules as
 * `termlens glossary import`; edits are serialised so two admins cannot interleave writes.
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
   * Adds or changes one entry; on any problem with an error severity nothing is written.
   * The merge is planned first (a dry run): an import matches an unknown id to the entry that
   * already has its term, which is right for a memoQ file but wrong for an admin who asked for a
   * new entry, so a plan that lands on another entry than the one meant is refused unwritten.
   */
  edit(entry: GlossaryEntry): Promise<GlossaryEdit> {
    const run = this.#edits.then(() => this.#edit(entry));
    this.#edits = run.catch(() => undefined);
    return run;
  }

  async #edit(entry: GlossaryEntry): Promise<GlossaryEdit> {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'termlens-glossary-edit-'));
    try {
      const file = path.join(scratch, 'edit.csv');
      await writeFile(file, exportDelimited({ entries: [entry] }, 'csv'));
      const versionBefore = this.#glossary.version;
      const refuse = (problems: GlossaryProblem[]): GlossaryEdit => ({
        versionBefore,
        versionAfter: versionBefore,
        changed: false,
        // The problems name the scratch file; the admin only knows the entry they sent.
        problems: problems.map(({ file: _file, line: _line, ...p }) => ({ ...p, file: 'entry' })),
      });
      const plan = await importGlossary({ glossaryDir: this.dir, file, format: 'csv', dryRun: true });
      if (plan.problems.some((p) => p.severity === 'error')) return refuse(plan.problems);
      const target = [...plan.plan.added, ...plan.plan.changed, ...plan.plan.unchanged].map((p) => p.entry.id);
      if (target.length !== 1 || target[0] !== entry.id) {
        const other = target.find((id) => id !== entry.id);
        return refuse([
          {
            file: 'entry',
            severity: 'error',
            message: other ? `"${entry.term}" is already a form of entry "${other}"; edit that entry instead` : 'the entry could not be placed in the glossary',
          },
        ]);
      }
      const outcome = await importGlossary({ glossaryDir: this.dir, file, format: 'csv', dryRun: false });
      if (outcome.problems.some((p) => p.severity === 'error')) return refuse(outcome.problems);
      const reloaded = await this.reload();
      if (this.#dataDir && outcome.entriesBefore && outcome.versionBefore) {
        await recordGlossaryVersion({ version: outcome.versionBefore, entries: outcome.entriesBefore }, this.#dataDir).catch(() => undefined);
        await recordGlossaryVersion(reloaded, this.#dataDir).catch(() => undefined);
      }
      return {
        versionBefore,
        versionAfter: reloaded.version,
        changed: outcome.files.length > 0,
        problems: outcome.problems,
        ...(this.entry(entry.id) ? { entry: this.entry(entry.id)! } : {}),
      };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
