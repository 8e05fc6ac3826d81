/** What one upload request may hold; every limit is refused with 413 and nothing is kept. */
export type UploadLimits = {
  maxFileBytes: number;
  maxFiles: number;
  maxParts: number;
  /** Form fields other than files: only a batch name is read, so they stay small. */
  maxFieldBytes: number;
};
