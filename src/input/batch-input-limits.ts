/**
 * Bounds on what one batch input may cost to read. A folder is the user's own disk and only
 * its per-file size is bounded; a zip is a few kilobytes that can claim anything, so its entry
 * count and inflated bytes are bounded too, counted as they are read and never taken from its
 * headers.
 */

export type BatchInputLimits = {
  /** Zip central directory records read, directories and skipped junk included. */
  maxEntries: number;
  /** Bytes of one file or one inflated zip entry. */
  maxEntryBytes: number;
  /** Inflated bytes of all entries of one zip together. */
  maxTotalBytes: number;
  /** Width × height from the image header, as for single images. */
  maxImagePixels: number;
};
