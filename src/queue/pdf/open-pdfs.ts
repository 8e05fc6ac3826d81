import { PdfDocument } from '../../stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';

/**
 * The PDF a worker process is reading, kept open across consecutive pages of the same PDF (the
 * split queues a PDF's pages together, so they mostly arrive in a row): an LRU of one. Another
 * PDF replaces it; the old one is closed once no page job of this process still uses it.
 */
export class OpenPdfs {
  #current: { sha256: string; doc: Promise<PdfDocument>; users: number; bytes: number } | undefined;
  readonly #retired = new Set<{ doc: Promise<PdfDocument>; users: number }>();

  constructor(private readonly limits: PdfLimits) {}

  /** The open PDF for `sha256` (opened from `data` if needed); hand it back with release(). */
  async acquire(sha256: string, data: () => Promise<Buffer>, where: string): Promise<{ doc: PdfDocument; bytes: number; release: () => Promise<void> }> {
    if (this.#current?.sha256 !== sha256) {
      const old = this.#current;
      const entry = { sha256, doc: Promise.resolve(undefined as unknown as PdfDocument), users: 0, bytes: 0 };
      entry.doc = data().then((bytes) => {
        entry.bytes = bytes.length;
        return PdfDocument.open(where, bytes, this.limits);
      });
      this.#current = entry;
      if (old) {
        this.#retired.add(old);
        await this.#closeIfIdle(old);
      }
    }
    const entry = this.#current;
    entry.users++;
    try {
      const doc = await entry.doc;
      return { doc, bytes: entry.bytes, release: () => this.#release(entry) };
    } catch (error) {
      // A PDF that would not open is not kept: the next page job tries again (and fails alike).
      entry.users--;
      if (this.#current === entry) this.#current = undefined;
      throw error;
    }
  }

  async #release(entry: { doc: Promise<PdfDocument>; users: number }): Promise<void> {
    entry.users--;
    if (this.#retired.has(entry)) await this.#closeIfIdle(entry);
  }

  async #closeIfIdle(entry: { doc: Promise<PdfDocument>; users: number }): Promise<void> {
    if (entry.users > 0) return;
    this.#retired.delete(entry);
    await entry.doc.then((doc) => doc.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const entries = [...this.#retired, ...(this.#current ? [this.#current] : [])];
    this.#current = undefined;
    this.#retired.clear();
    await Promise.all(entries.map((e) => e.doc.then((doc) => doc.close()).catch(() => undefined)));
  }
}
