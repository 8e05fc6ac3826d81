import type { ImageFormat } from '../domain/source.ts';

/**
 * What enumerating a batch folder or zip yields: one item per file found, so that the batch can
 * account for every one of them, either with the bytes of an image or with the reason it cannot
 * take the file. Keys are labels only (a relative path or an entry name, '/'-separated, unique
 * within one enumeration): originals are stored by content hash, never under these names.
 */

export type BatchInputFile = {
  key: string;
  data: Buffer;
  /**
   * By magic bytes; the header's dimensions are within the pixel limit. Whether the whole image
   * decodes is left to ingest, which is the authority on what is accepted. `pdf`: a PDF (by
   * its header, not its name), split into pages by the worker.
   */
  format: ImageFormat | 'pdf';
};

/** A file that is there but cannot be taken; the batch records it as failed with this reason. */
export type BatchInputFailure = {
  key: string;
  error: { code: string; message: string };
};

export type BatchInputItem = BatchInputFile | BatchInputFailure;

export function isBatchInputFailure(item: BatchInputItem): item is BatchInputFailure {
  return 'error' in item;
}

/** Counts kept up to date while items are yielded; final once iteration has ended. */
export type BatchInputSummary = {
  /** Known from the first item on (or once the path has been opened). */
  source: 'folder' | 'zip' | undefined;
  files: number;
  failures: number;
  /** OS metadata (.DS_Store, Thumbs.db, __MACOSX/, ._*): never a user's file, so not an item. */
  skippedJunk: number;
  skippedDirectories: number;
};
